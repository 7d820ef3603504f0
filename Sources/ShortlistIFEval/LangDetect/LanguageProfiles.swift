/// langdetect's `DetectorFactory` tables: the language list and, per n-gram, its probability in each language.
///
/// `word_lang_prob_map[word][index]` is `freq[word] / n_words[len(word) - 1]` of language `index`. Most
/// entries are zero, so the table is stored sparsely: n-gram `g` owns `entries[offsets[g]..<offsets[g + 1]]`.
struct LanguageProfiles: Sendable {
    /// The profile order of langdetect's `os.listdir` in the reference environment (CPython 3.11.7 on ext4).
    ///
    /// `os.listdir` order is the file system's, not sorted. It decides the index of each language,
    /// hence the order of `sum(prob)` and the order of equal probabilities in the output, so it is
    /// pinned here to the order the fixture was recorded with.
    static let languageOrder = [
        "pl", "gu", "zh-tw", "fi", "af", "ne", "ro", "da", "hr", "de", "pa", "en", "fa", "ca", "so", "ja", "ko",
        "es", "cs", "ru", "vi", "uk", "bn", "fr", "kn", "hu", "te", "lv", "sk", "sl", "el", "id", "it", "bg",
        "ta", "he", "sq", "hi", "th", "tr", "ml", "mk", "pt", "tl", "mr", "sv", "et", "nl", "sw", "cy", "no",
        "ur", "lt", "ar", "zh-cn",
    ]

    /// One nonzero probability of an n-gram.
    struct Entry: Sendable {
        var language: Int
        var probability: Double
    }

    let languages: [String]
    /// N-gram key (see ``NGramKey``) to n-gram index.
    let index: NGramTable
    let offsets: [Int32]
    let entries: [Entry]
    /// The most entries any one n-gram has (at most one per language).
    let maximumEntriesPerGram: Int

    /// Parses the embedded profiles `data/langdetect/profiles/<language>`.
    init(profile: (String) -> String?) throws(ProfileError) {
        var index = NGramTable(minimumCapacity: 90_000)
        var perGram: [[Entry]] = []
        perGram.reserveCapacity(90_000)
        for (language, name) in Self.languageOrder.enumerated() {
            guard let json = profile(name) else { throw .missing(name) }
            let parsed = try ProfileParser.parse(json, name: name)
            guard parsed.name == name else { throw .malformed(name) }
            for (gram, count) in parsed.freq {
                let slot = index.value(for: gram.key) {
                    perGram.append([])
                    return Int32(perGram.count - 1)
                }
                // langdetect: `prob = 1.0 * profile.freq.get(word) / profile.n_words[length - 1]` for lengths 1...3.
                guard (1...3).contains(gram.length) else { continue }
                let probability = 1.0 * Double(count) / Double(parsed.nWords[gram.length - 1])
                perGram[Int(slot)].append(Entry(language: language, probability: probability))
            }
        }
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(perGram.count + 1)
        var entries: [Entry] = []
        var maximumEntriesPerGram = 0
        for list in perGram {
            maximumEntriesPerGram = max(maximumEntriesPerGram, list.count)
            entries.append(contentsOf: list)
            offsets.append(Int32(entries.count))
        }
        self.languages = Self.languageOrder
        self.index = index
        self.offsets = offsets
        self.entries = entries
        self.maximumEntriesPerGram = maximumEntriesPerGram
    }

    /// Why the embedded profiles could not be read (a packaging bug, never a property of the input text).
    enum ProfileError: Error, CustomStringConvertible {
        case missing(String)
        case malformed(String)

        var description: String {
            switch self {
            case .missing(let name): "langdetect profile '\(name)' is not embedded"
            case .malformed(let name): "langdetect profile '\(name)' is not valid profile JSON"
            }
        }
    }
}

/// A string of one to three Unicode scalars packed into an integer, as a dictionary key without allocation.
///
/// Each scalar value plus one takes 21 bits, so the empty slots (zero) keep keys of different lengths apart.
enum NGramKey {
    @inline(__always)
    static func append(_ scalar: UInt32, to key: UInt64, at position: Int) -> UInt64 {
        key | (UInt64(scalar + 1) << UInt64(21 * position))
    }
}

/// A minimal reader for langdetect's profile JSON: `{"freq": {gram: count, …}, "n_words": [a, b, c], "name": "xx"}`.
private struct ProfileParser {
    struct Gram {
        var key: UInt64
        var length: Int
    }

    struct Profile {
        var name = ""
        var freq: [(Gram, Int)] = []
        var nWords: [Int] = []
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private let fileName: String

    static func parse(_ json: String, name: String) throws(LanguageProfiles.ProfileError) -> Profile {
        var json = json
        let result: Result<Profile, LanguageProfiles.ProfileError> = json.withUTF8 { buffer in
            var parser = ProfileParser(bytes: buffer, fileName: name)
            do throws(LanguageProfiles.ProfileError) {
                return .success(try parser.parseProfile())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, fileName: String) {
        self.bytes = bytes
        self.fileName = fileName
    }

    private var malformed: LanguageProfiles.ProfileError { .malformed(fileName) }

    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8) throws(LanguageProfiles.ProfileError) {
        skipSpace()
        guard position < bytes.count, bytes[position] == byte else { throw malformed }
        position += 1
    }

    /// Consumes `byte` if it comes next.
    private mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        if position < bytes.count, bytes[position] == byte {
            position += 1
            return true
        }
        return false
    }

    private mutating func parseProfile() throws(LanguageProfiles.ProfileError) -> Profile {
        var profile = Profile()
        try expect(UInt8(ascii: "{"))
        if take(UInt8(ascii: "}")) { return profile }
        repeat {
            let field = try parseString()
            try expect(UInt8(ascii: ":"))
            switch String(decoding: field, as: Unicode.UTF8.self) {
            case "freq": profile.freq = try parseFreq()
            case "n_words": profile.nWords = try parseIntegers()
            case "name": profile.name = String(decoding: try parseString(), as: Unicode.UTF8.self)
            default: throw malformed
            }
        } while take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
        guard profile.nWords.count == 3 else { throw malformed }
        return profile
    }

    private mutating func parseFreq() throws(LanguageProfiles.ProfileError) -> [(Gram, Int)] {
        var freq: [(Gram, Int)] = []
        try expect(UInt8(ascii: "{"))
        if take(UInt8(ascii: "}")) { return freq }
        repeat {
            let gram = try parseGram(longKey: UInt64.max - UInt64(freq.count))
            try expect(UInt8(ascii: ":"))
            let count = try parseInteger()
            freq.append((gram, count))
        } while take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
        return freq
    }

    /// A JSON string as an n-gram key, decoding UTF-8 in place; strings over 3 scalars get `longKey`.
    private mutating func parseGram(longKey: UInt64) throws(LanguageProfiles.ProfileError) -> Gram {
        try expect(UInt8(ascii: "\""))
        var key: UInt64 = 0
        var length = 0
        while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
            let scalar: UInt32
            let lead = bytes[position]
            if lead == UInt8(ascii: "\\") {
                scalar = try parseEscape()
            } else {
                let width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                guard position + width <= bytes.count else { throw malformed }
                var value = width == 1 ? UInt32(lead) : UInt32(lead) & (0x7F >> UInt32(width))
                for offset in 1..<width { value = value << 6 | UInt32(bytes[position + offset] & 0x3F) }
                position += width
                scalar = value
            }
            if length < 3 { key = NGramKey.append(scalar, to: key, at: length) }
            length += 1
        }
        guard position < bytes.count else { throw malformed }
        position += 1
        return Gram(key: length > 3 || length == 0 ? longKey : key, length: length)
    }

    /// One backslash escape of a JSON string, as a scalar value.
    private mutating func parseEscape() throws(LanguageProfiles.ProfileError) -> UInt32 {
        position += 1
        guard position < bytes.count else { throw malformed }
        let escaped = bytes[position]
        position += 1
        switch escaped {
        case UInt8(ascii: "u"):
            var code = try parseHex4()
            if (0xD800..<0xDC00).contains(code), position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            {
                position += 2
                let low = try parseHex4()
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            }
            return code
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        default: return UInt32(escaped)
        }
    }

    private mutating func parseIntegers() throws(LanguageProfiles.ProfileError) -> [Int] {
        var values: [Int] = []
        try expect(UInt8(ascii: "["))
        if take(UInt8(ascii: "]")) { return values }
        repeat { values.append(try parseInteger()) } while take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
        return values
    }

    private mutating func parseInteger() throws(LanguageProfiles.ProfileError) -> Int {
        skipSpace()
        var value = 0
        let start = position
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
            position += 1
        }
        guard position > start else { throw malformed }
        return value
    }

    /// A JSON string's UTF-8 bytes (used for field names and the profile name).
    private mutating func parseString() throws(LanguageProfiles.ProfileError) -> [UInt8] {
        try expect(UInt8(ascii: "\""))
        var utf8: [UInt8] = []
        while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
            if bytes[position] == UInt8(ascii: "\\") {
                guard let scalar = Unicode.Scalar(try parseEscape()) else { throw malformed }
                utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
            } else {
                utf8.append(bytes[position])
                position += 1
            }
        }
        guard position < bytes.count else { throw malformed }
        position += 1
        return utf8
    }

    private mutating func parseHex4() throws(LanguageProfiles.ProfileError) -> UInt32 {
        guard position + 4 <= bytes.count,
            let value = UInt32(String(decoding: bytes[position..<(position + 4)], as: Unicode.UTF8.self), radix: 16)
        else { throw malformed }
        position += 4
        return value
    }
}
