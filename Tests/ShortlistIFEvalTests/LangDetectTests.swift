import Foundation
import ShortlistTestSupport
import Testing

@testable import ShortlistIFEval

@Suite("langdetect port")
struct LangDetectTests {
    /// One line of Fixtures/langdetect-fixture.jsonl (written by make-langdetect-fixture.py).
    struct FixtureLine: Decodable {
        var text: String?
        var response: Int?
        var variant: Int?
        var seed: UInt64?
        var language: String?
        var probabilities: [[String]]?
        var error: String?
    }

    static func fixture() throws -> [FixtureLine] {
        let url = RepositoryPaths.file("Tests/ShortlistIFEvalTests/Fixtures/langdetect-fixture.jsonl")
        let decoder = JSONDecoder()
        return try String(contentsOf: url, encoding: .utf8)
            .split(separator: "\n")
            .map { try decoder.decode(FixtureLine.self, from: Data($0.utf8)) }
    }

    static func responses() throws -> [String] {
        struct Line: Decodable { var response: String }
        let url = RepositoryPaths.file("data/ifeval/input_response_data_gpt4_20231107_145030.jsonl")
        let decoder = JSONDecoder()
        return try String(contentsOf: url, encoding: .utf8)
            .split(separator: "\n")
            .map { try decoder.decode(Line.self, from: Data($0.utf8)).response }
    }

    /// The 8 loose-mode candidates of IFEval's evaluation_lib, in its order (ifeval-rules.md §4).
    static func looseVariants(_ response: String) -> [String] {
        let scalars = Array(response.unicodeScalars)
        let lines = scalars.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        func join(_ slice: ArraySlice<[Unicode.Scalar]>) -> [Unicode.Scalar] {
            Array(slice.joined(separator: ["\n"]))
        }
        func strip(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
            guard let first = s.firstIndex(where: { !PythonCharacters.isSpace($0) }),
                let last = s.lastIndex(where: { !PythonCharacters.isSpace($0) })
            else { return [] }
            return Array(s[first...last])
        }
        func string(_ s: [Unicode.Scalar]) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: s)
            return String(view)
        }
        func withoutStars(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] { s.filter { $0 != "*" } }
        let removeFirst = strip(join(lines.dropFirst()))
        let removeLast = strip(join(lines.dropLast()))
        let removeBoth = lines.count >= 2 ? strip(join(lines.dropFirst().dropLast())) : []
        return [
            scalars, withoutStars(scalars), removeFirst, removeLast, removeBoth,
            withoutStars(removeFirst), withoutStars(removeLast), withoutStars(removeBoth),
        ].map(string)
    }

    @Test("Python random: seed(0) then random(), gauss() and choice() match CPython 3.11")
    func pythonRandom() {
        // random.seed(0); [repr(random.random()) for _ in range(5)]
        var random = PythonRandom(seed: 0)
        let expected = [
            0.8444218515250481, 0.7579544029403025, 0.420571580830845, 0.25891675029296335, 0.5112747213686085,
        ]
        #expect((0..<5).map { _ in random.random() } == expected)
        // random.seed(0); [repr(random.gauss(0,1)) for _ in range(3)]
        random = PythonRandom(seed: 0)
        #expect((0..<3).map { _ in random.gauss() } == [0.9417154046806644, -1.3965781047011498, -0.6797144480784211])
        // random.seed(0); [random.choice(range(1000)) for _ in range(5)], [random.getrandbits(32) for _ in range(3)]
        random = PythonRandom(seed: 0)
        #expect((0..<5).map { _ in random.choiceIndex(count: 1000) } == [864, 394, 776, 911, 430])
        #expect((0..<3).map { _ in random.randomBits(32) } == [173_879_092, 1_112_038_970, 4_146_640_122])
        // random.seed(12345); repr(random.random())
        random = PythonRandom(seed: 12345)
        #expect(random.random() == 0.41661987254534116)
        // random.seed(2**32 + 7); repr(random.random())  (two key words)
        random = PythonRandom(seed: (1 << 32) + 7)
        #expect(random.random() == 0.22550888929893187)
    }

    @Test("Python isupper: Unicode 14 uppercase only, so newer capitals do not start a capital word")
    func pythonUppercase() {
        #expect(LangDetectText.isUpper(0x41) && !LangDetectText.isUpper(0x61))
        #expect(LangDetectText.isUpper(0x2160))  // Ⅰ ROMAN NUMERAL ONE: Other_Uppercase, '\u2160'.isupper() is True
        #expect(!LangDetectText.isUpper(0x1C5))  // ǅ is titlecase: False in Python
        #expect(!LangDetectText.isUpper(0xA7CB))  // added in Unicode 16: False in Python 3.11
    }

    /// `Detector.URL_RE.sub`, `MAIL_RE.sub` and `NGram.normalize_vi`, applied in that order, as Python gives them.
    ///
    /// Expected values from `t = Detector.URL_RE.sub(' ', c); t = Detector.MAIL_RE.sub(' ', t); NGram.normalize_vi(t)`.
    @Test(
        "URL and mail removal and Vietnamese normalisation match Python's re.sub",
        arguments: [
            ("a@b", "a@b"), ("a@bc", " "), ("x@y.z", " "), ("a@b.", " "), ("mail a.b@c-d.e_f end", "mail   end"),
            ("@@x", "@@x"), ("http://", "http://"), ("http://x", " "), ("https:/x", "https:/x"),
            ("httpss://x", "httpss://x"), ("see http://a.b/c?d=e&f#g, then", "see  , then"),
            (String(repeating: "a", count: 70) + "@bc", "aaaaaa "),
            (
                "b@" + String(repeating: "c", count: 300) + ".d" + String(repeating: "e", count: 300),
                " " + String(repeating: "e", count: 92)
            ),
            ("\u{E9}@xy", "\u{E9}@xy"),
            ("Tie\u{302}\u{301}ng e\u{301} A\u{323}", "Tie\u{302}\u{301}ng \u{E9} \u{1EA0}"),
        ]
    )
    func textPreparation(input: String, expected: String) throws {
        let text = try #require(IFEvalData.file("data/langdetect/messages.properties").map(LangDetectText.init))
        var scalars = input.unicodeScalars.map(\.value)
        scalars = LangDetectText.replaceURLs(scalars)
        scalars = LangDetectText.replaceMailAddresses(scalars)
        scalars = text.normalizeVietnamese(scalars)
        #expect(scalars == expected.unicodeScalars.map(\.value))
    }

    @Test("No features: text without known n-grams throws, as LangDetectException does")
    func noFeatures() {
        for text in ["", "******", "1234 5678", "https://example.com/a", "someone@example.com"] {
            #expect(throws: LanguageDetectionError.noFeatures) { try LanguageDetector.shared.detect(text) }
        }
        #expect(LanguageDetectionError.noFeatures.description == "No features in text.")
    }

    @Test("Plain sentences get their language")
    func plainSentences() throws {
        let detector = LanguageDetector.shared
        #expect(try detector.detect("This is a perfectly ordinary English sentence about the weather today.") == "en")
        #expect(try detector.detect("中华人民共和国是一个位于东亚的国家，首都是北京。") == "zh-cn")
        #expect(try detector.detect("Русский язык является одним из восточнославянских языков.") == "ru")
    }

    @Test("Every fixture line: same language and probabilities as Python langdetect (seed 0)")
    func matchesReferenceFixture() throws {
        let lines = try Self.fixture()
        let responses = try Self.responses()
        #expect(lines.count > 2000)
        var mismatches: [String] = []
        for line in lines {
            let text: String
            let label: String
            if let literal = line.text {
                text = literal
                label = "text \(String(literal.prefix(40)).debugDescription)"
            } else if let response = line.response, let variant = line.variant {
                text = Self.looseVariants(responses[response])[variant]
                label = "response \(response) variant \(variant)"
            } else {
                Issue.record("fixture line without input")
                continue
            }
            let seed = line.seed ?? 0
            do {
                let result = try LanguageDetector.shared.probabilities(text, seed: seed)
                // detect() is probabilities().first; call it too where that stays cheap (not per response variant).
                let language =
                    line.response == nil
                    ? try LanguageDetector.shared.detect(text, seed: seed) : (result.first?.language ?? "unknown")
                let expected = (line.probabilities ?? []).map { ($0[0], Double($0[1]) ?? .nan) }
                let same =
                    line.error == nil && language == line.language && result.count == expected.count
                    && zip(result, expected).allSatisfy { $0.language == $1.0 && $0.probability == $1.1 }
                if !same {
                    mismatches.append(
                        "\(label) seed \(seed): \(language) \(result) vs \(line.language ?? "-") \(expected) \(line.error ?? "")"
                    )
                }
            } catch {
                if line.error != "No features in text." {
                    mismatches.append("\(label): threw \(error), expected \(line.language ?? "-")")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(20).joined(separator: "\n"))")
    }

    @Test("Agrees with the languages measured per loose variant in reference_details_gpt4.jsonl")
    func matchesReferenceDetails() throws {
        struct Details: Decodable {
            /// A detected language: a plain string (response_language) or `{"lang": …}` (change_case), or null.
            struct Measured: Decodable {
                var language: String?
                private struct Case: Decodable { var lang: String? }
                init(from decoder: any Decoder) throws {
                    let container = try decoder.singleValueContainer()
                    if container.decodeNil() {
                        language = nil
                    } else if let plain = try? container.decode(String.self) {
                        language = plain
                    } else {
                        language = (try? container.decode(Case.self))?.lang
                    }
                }
            }
            struct Instruction: Decodable {
                var instructionID: String
                var measuredPerVariant: [Measured]?

                enum CodingKeys: String, CodingKey {
                    case instructionID = "instruction_id"
                    case measuredPerVariant = "measured_per_variant"
                }
            }
            var key: Int
            var instructions: [Instruction]
        }
        struct Input: Decodable {
            var key: Int
            var prompt: String
        }
        struct Response: Decodable {
            var prompt: String
            var response: String
        }
        let decoder = JSONDecoder()
        func lines<T: Decodable>(_ path: String, _ type: T.Type) throws -> [T] {
            try String(contentsOf: RepositoryPaths.file(path), encoding: .utf8).split(separator: "\n")
                .map { try decoder.decode(T.self, from: Data($0.utf8)) }
        }
        let prompts = Dictionary(
            try lines("data/ifeval/input_data.jsonl", Input.self).map { ($0.key, $0.prompt) },
            uniquingKeysWith: { _, last in last }
        )
        let responses = Dictionary(
            try lines("data/ifeval/input_response_data_gpt4_20231107_145030.jsonl", Response.self)
                .map { ($0.prompt, $0.response) },
            uniquingKeysWith: { _, last in last }
        )
        var compared = 0
        var mismatches: [String] = []
        for details in try lines("data/ifeval/reference_details_gpt4.jsonl", Details.self) {
            for instruction in details.instructions {
                guard let measured = instruction.measuredPerVariant,
                    let prompt = prompts[details.key], let response = responses[prompt]
                else { continue }
                for (variant, text) in Self.looseVariants(response).enumerated() {
                    guard variant < measured.count, let expected = measured[variant].language else { continue }
                    let detected = (try? LanguageDetector.shared.detect(text)) ?? "no features"
                    compared += 1
                    if detected != expected {
                        mismatches.append("key \(details.key) variant \(variant): \(detected) vs \(expected)")
                    }
                }
            }
        }
        #expect(compared > 100)
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }
}
