/// A port of Python langdetect 1.0.9 (`langdetect.detect` and `detect_langs`) that reaches the same verdicts.
///
/// langdetect is probabilistic: each detection runs 7 trials, each with a smoothing constant drawn
/// from `random.gauss` and n-grams sampled with `random.choice`. The reference IFEval code never
/// seeds it; this port is deterministic and behaves like `DetectorFactory.seed = 0` (or the given
/// seed), reproducing CPython's Mersenne Twister and the reference's floating-point operations in
/// the same order, so probabilities match the Python ones to the last bit.
///
/// Profiles are the 55 embedded ones of langdetect 1.0.9, indexed in the order `os.listdir`
/// returned them in the reference environment (see ``LanguageProfiles/languageOrder``).
package struct LanguageDetector: Sendable {
    /// langdetect 1.0.9's 55 profiles, loaded once from the embedded data.
    package static let shared: LanguageDetector = {
        do {
            return try LanguageDetector(file: IFEvalData.file)
        } catch {
            fatalError("embedded langdetect data: \(error)")
        }
    }()

    /// `Detector.n_trial`.
    private static let trialCount = 7
    /// `Detector.ALPHA_DEFAULT`.
    private static let alphaDefault = 0.5
    /// `Detector.ALPHA_WIDTH`.
    private static let alphaWidth = 0.05
    /// `Detector.ITERATION_LIMIT`.
    private static let iterationLimit = 1000
    /// `Detector.PROB_THRESHOLD`.
    private static let probabilityThreshold = 0.1
    /// `Detector.CONV_THRESHOLD`.
    private static let convergenceThreshold = 0.99999
    /// `Detector.BASE_FREQ`.
    private static let baseFrequency = 10000.0
    /// `Detector.UNKNOWN_LANG`, returned when no language beats the threshold.
    private static let unknownLanguage = "unknown"

    private let profiles: LanguageProfiles
    private let text: LangDetectText

    /// Loads the profiles and `messages.properties` from repository-relative paths.
    init(file: (String) -> String?) throws(LanguageProfiles.ProfileError) {
        guard let messages = file("data/langdetect/messages.properties") else {
            throw .missing("messages.properties")
        }
        text = LangDetectText(messages: messages)
        profiles = try LanguageProfiles { name in file("data/langdetect/profiles/\(name)") }
    }

    /// `langdetect.detect(text)` with `DetectorFactory.seed = seed` (default 0): the language code, such as "en" or "zh-cn".
    package func detect(_ text: String, seed: UInt64 = 0) throws(LanguageDetectionError) -> String {
        try probabilities(text, seed: seed).first?.language ?? Self.unknownLanguage
    }

    /// `langdetect.detect` of the text made of these code points, with seed 0.
    package func detect(scalars: [Unicode.Scalar]) throws(LanguageDetectionError) -> String {
        let probabilities = try detectBlock(scalars.map(\.value), seed: 0)
        return Self.ranked(probabilities).first.map { profiles.languages[$0] } ?? Self.unknownLanguage
    }

    /// `detect_langs`: languages with probability, as langdetect sorts and filters them.
    ///
    /// Only languages above 0.1 are kept, sorted by decreasing probability; ties keep profile order
    /// (Python's stable `sort(reverse=True)`).
    package func probabilities(
        _ text: String,
        seed: UInt64 = 0
    ) throws(LanguageDetectionError) -> [(language: String, probability: Double)] {
        let probabilities = try detectBlock(text.unicodeScalars.map(\.value), seed: seed)
        return Self.ranked(probabilities).map { (language: profiles.languages[$0], probability: probabilities[$0]) }
    }

    /// The profile indices above the threshold, by decreasing probability, ties in profile order.
    private static func ranked(_ probabilities: [Double]) -> [Int] {
        let kept = probabilities.indices.filter { probabilities[$0] > probabilityThreshold }
        return kept.sorted { a, b in
            probabilities[a] != probabilities[b] ? probabilities[a] > probabilities[b] : a < b
        }
    }

    /// `Detector._detect_block`: the averaged language probabilities of the 7 trials.
    private func detectBlock(_ input: [UInt32], seed: UInt64) throws(LanguageDetectionError) -> [Double] {
        let cleaned = text.prepare(input)
        let ngrams = text.extractNGrams(cleaned, profiles: profiles)
        if ngrams.isEmpty { throw .noFeatures }

        let languageCount = profiles.languages.count
        var languageProbabilities = [Double](repeating: 0.0, count: languageCount)
        var random = PythonRandom(seed: seed)
        var probabilities = [Double](repeating: 0.0, count: languageCount)
        // `prob[j] * (weight + lang_prob_map[word][j])` for the languages the sampled word has a probability for.
        var products = [Double](repeating: 0.0, count: profiles.maximumEntriesPerGram)
        profiles.offsets.withUnsafeBufferPointer { offsets in
            profiles.entries.withUnsafeBufferPointer { entries in
                products.withUnsafeMutableBufferPointer { products in
                    probabilities.withUnsafeMutableBufferPointer { prob in
                        for _ in 0..<Self.trialCount {
                            // _init_probability (no prior map)
                            for j in 0..<languageCount { prob[j] = 1.0 / Double(languageCount) }
                            let alpha = Self.alphaDefault + random.gauss(mu: 0.0, sigma: 1.0) * Self.alphaWidth
                            var i = 0
                            while true {
                                let gram = Int(ngrams[random.choiceIndex(count: ngrams.count)])
                                // _update_lang_prob
                                // Each prob[j] is multiplied by `weight + p` where the gram has a probability
                                // for language j, by `weight` elsewhere: the former products are taken from the
                                // old values first, then written back over the bulk multiplication.
                                let weight = alpha / Self.baseFrequency
                                let gramEntries = entries[Int(offsets[gram])..<Int(offsets[gram + 1])]
                                var k = 0
                                for entry in gramEntries {
                                    products[k] = prob[entry.language] * (weight + entry.probability)
                                    k += 1
                                }
                                for j in 0..<languageCount { prob[j] *= weight }
                                k = 0
                                for entry in gramEntries {
                                    prob[entry.language] = products[k]
                                    k += 1
                                }
                                if i % 5 == 0 {
                                    if Self.normalize(prob) > Self.convergenceThreshold || i >= Self.iterationLimit {
                                        break
                                    }
                                }
                                i += 1
                            }
                            for j in 0..<languageCount {
                                languageProbabilities[j] += prob[j] / Double(Self.trialCount)
                            }
                        }
                    }
                }
            }
        }
        return languageProbabilities
    }

    /// `Detector._normalize_prob`: divides by the (left-to-right) sum and returns the largest probability.
    @inline(__always)
    private static func normalize(_ prob: UnsafeMutableBufferPointer<Double>) -> Double {
        var sum = 0.0
        for p in prob { sum += p }
        var maximum = 0.0
        for j in prob.indices {
            let p = prob[j] / sum
            if maximum < p { maximum = p }
            prob[j] = p
        }
        return maximum
    }
}

/// Why langdetect found no language: it raises `LangDetectException`, which IFEval counts as followed.
package enum LanguageDetectionError: Error, Equatable, CustomStringConvertible {
    /// No known 1-, 2- or 3-gram in the text (`"No features in text."`), e.g. only digits, symbols or URLs.
    case noFeatures

    package var description: String {
        switch self {
        case .noFeatures: "No features in text."
        }
    }
}
