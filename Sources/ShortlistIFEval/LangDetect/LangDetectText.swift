/// langdetect's text side: `Detector.append`, `Detector.cleaning_text` and the `NGram` class.
///
/// Python indexes strings by code point, so all of this works on Unicode scalar values (`UInt32`).
struct LangDetectText: Sendable {
    /// `Detector.max_text_length`.
    static let maxTextLength = 10_000
    static let space: UInt32 = 0x20

    /// `NGram.CJK_MAP`: each kanji of a `NGram.KANJI_*` class maps to the class's first kanji.
    let cjkMap: [UInt32: UInt32]
    /// `NGram.normalize_vi`: (letter, combining mark) to the precomposed letter.
    let vietnamese: [UInt64: UInt32]
    /// `NGram.LATIN1_EXCLUDED`.
    let latin1Excluded: Set<UInt32>
    /// The letters of `TO_NORMALIZE_VI_CHARS` and marks of `DMARK_CLASS`, for a quick first test.
    private let vietnameseLetters: Set<UInt32>
    private let vietnameseMarks: Set<UInt32>
    /// The range of the marks (U+0300...U+0323), tested before the sets on every character.
    private let lowestMark: UInt32
    private let highestMark: UInt32

    /// Reads the tables from langdetect's `messages.properties`.
    init(messages: String) {
        var values: [String: [UInt32]] = [:]
        var kanjiClasses: [[UInt32]] = []
        for line in messages.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            // Python: `key, _, value = line.strip().partition('=')`, then `unicode_escape`.
            let trimmed = line.trimmingPythonWhitespace()
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = String(trimmed[..<equals])
            let value = Self.unescape(trimmed[trimmed.index(after: equals)...])
            values[key] = value
            if key.hasPrefix("NGram.KANJI_") { kanjiClasses.append(value) }
        }
        var cjkMap: [UInt32: UInt32] = [:]
        for kanjiClass in kanjiClasses {
            guard let representative = kanjiClass.first else { continue }
            for kanji in kanjiClass { cjkMap[kanji] = representative }
        }
        self.cjkMap = cjkMap

        let letters = values["TO_NORMALIZE_VI_CHARS"] ?? []
        let marks = values["DMARK_CLASS"] ?? []
        let markKeys = ["0300", "0301", "0303", "0309", "0323"]
        var vietnamese: [UInt64: UInt32] = [:]
        for (markIndex, markKey) in markKeys.enumerated() {
            let normalized = values["NORMALIZED_VI_CHARS_\(markKey)"] ?? []
            guard markIndex < marks.count else { continue }
            // `str.find` returns the first occurrence, so an earlier duplicate letter wins.
            for (letterIndex, letter) in letters.enumerated().reversed() where letterIndex < normalized.count {
                vietnamese[Self.pairKey(letter, marks[markIndex])] = normalized[letterIndex]
            }
        }
        self.vietnamese = vietnamese
        self.vietnameseLetters = Set(letters)
        self.vietnameseMarks = Set(marks)
        self.lowestMark = marks.min() ?? 1
        self.highestMark = marks.max() ?? 0
        self.latin1Excluded = Set(values["NGram.LATIN1_EXCLUDE"] ?? [])
    }

    private static func pairKey(_ letter: UInt32, _ mark: UInt32) -> UInt64 {
        UInt64(letter) << 32 | UInt64(mark)
    }

    /// Decodes the `\uXXXX` escapes of a properties value (the only escapes the file uses).
    private static func unescape(_ text: Substring) -> [UInt32] {
        let scalars = Array(text.unicodeScalars)
        var result: [UInt32] = []
        var i = 0
        while i < scalars.count {
            if scalars[i] == "\\", i + 6 <= scalars.count, scalars[i + 1] == "u",
                let code = UInt32(String(String.UnicodeScalarView(scalars[(i + 2)..<(i + 6)])), radix: 16)
            {
                result.append(code)
                i += 6
            } else {
                result.append(scalars[i].value)
                i += 1
            }
        }
        return result
    }

    // MARK: - Detector.append

    /// `Detector.append(text)` on a fresh detector, followed by `cleaning_text()`.
    func prepare(_ text: [UInt32]) -> [UInt32] {
        var scalars = Self.replaceURLs(text)
        scalars = Self.replaceMailAddresses(scalars)
        scalars = normalizeVietnamese(scalars)
        var appended: [UInt32] = []
        appended.reserveCapacity(min(scalars.count, Self.maxTextLength))
        var previous: UInt32 = 0
        for scalar in scalars.prefix(Self.maxTextLength) {
            if scalar != Self.space || previous != Self.space { appended.append(scalar) }
            previous = scalar
        }
        return Self.clean(appended)
    }

    private static func isURLCharacter(_ c: UInt32) -> Bool {
        // [-_.?&~;+=/#0-9A-Za-z]
        switch c {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case 0x2D, 0x5F, 0x2E, 0x3F, 0x26, 0x7E, 0x3B, 0x2B, 0x3D, 0x2F, 0x23: true
        default: false
        }
    }

    private static func isMailCharacter(_ c: UInt32) -> Bool {
        // [-_.0-9A-Za-z]
        switch c {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x5F, 0x2E: true
        default: false
        }
    }

    private static func isMailDomainCharacter(_ c: UInt32) -> Bool {
        // [-_0-9A-Za-z]
        c != 0x2E && isMailCharacter(c)
    }

    /// `URL_RE.sub(' ', text)` with `URL_RE = r'https?://[-_.?&~;+=/#0-9A-Za-z]{1,2076}'`.
    static func replaceURLs(_ s: [UInt32]) -> [UInt32] {
        let http: [UInt32] = Array("http".unicodeScalars.map(\.value))
        let separator: [UInt32] = Array("://".unicodeScalars.map(\.value))
        func matchEnd(at start: Int) -> Int? {
            guard start + 4 <= s.count, s[start..<(start + 4)].elementsEqual(http) else { return nil }
            var i = start + 4
            if i < s.count, s[i] == UInt32(UInt8(ascii: "s")) { i += 1 }
            // `s?` may give back the "s", but then ':' would have to match "s": it cannot.
            guard i + 3 <= s.count, s[i..<(i + 3)].elementsEqual(separator) else { return nil }
            i += 3
            let bodyStart = i
            while i < s.count, i - bodyStart < 2076, isURLCharacter(s[i]) { i += 1 }
            return i > bodyStart ? i : nil
        }
        return substitute(s, matchEnd: matchEnd)
    }

    /// `MAIL_RE.sub(' ', text)` with `MAIL_RE = r'[-_.0-9A-Za-z]{1,64}@[-_0-9A-Za-z]{1,255}[-_.0-9A-Za-z]{1,255}'`.
    static func replaceMailAddresses(_ s: [UInt32]) -> [UInt32] {
        let at = UInt32(UInt8(ascii: "@"))
        guard s.contains(at) else { return s }
        func matchEnd(at start: Int) -> Int? {
            // The local part is greedy and '@' is outside its class, so it must end right before an '@'.
            var i = start
            while i < s.count, i - start < 64, isMailCharacter(s[i]) { i += 1 }
            guard i > start, i < s.count, s[i] == at else { return nil }
            let domainStart = i + 1
            var run = 0  // [-_0-9A-Za-z] run after the '@'
            while domainStart + run < s.count, isMailDomainCharacter(s[domainStart + run]) { run += 1 }
            guard run > 0 else { return nil }
            let first = min(run, 255)
            var tail = 0
            while domainStart + first + tail < s.count, tail < 255, isMailCharacter(s[domainStart + first + tail]) {
                tail += 1
            }
            if tail > 0 { return domainStart + first + tail }
            // Backtrack: the first domain part gives its last character to the second.
            return run >= 2 ? domainStart + run : nil
        }
        return substitute(s, matchEnd: matchEnd)
    }

    /// `re.sub(pattern, ' ', text)` for a pattern that never matches the empty string.
    private static func substitute(_ s: [UInt32], matchEnd: (Int) -> Int?) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            if let end = matchEnd(i) {
                result.append(space)
                i = end
            } else {
                result.append(s[i])
                i += 1
            }
        }
        return result
    }

    /// `NGram.normalize_vi`: a letter followed by a combining tone mark becomes one precomposed letter.
    func normalizeVietnamese(_ s: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            if i + 1 < s.count, s[i + 1] >= lowestMark, s[i + 1] <= highestMark, vietnameseMarks.contains(s[i + 1]),
                vietnameseLetters.contains(s[i]),
                let normalized = vietnamese[Self.pairKey(s[i], s[i + 1])]
            {
                result.append(normalized)
                i += 2
            } else {
                result.append(s[i])
                i += 1
            }
        }
        return result
    }

    /// `Detector.cleaning_text`: drops the ASCII range 'A'...'z' when non-Latin text dominates.
    ///
    /// The reference compares `unicode_block(ch)` (an integer) with the string
    /// `'Latin Extended Additional'`, which is never equal, so every character from U+0300 up counts
    /// as non-Latin, Vietnamese letters included. This port keeps that behaviour.
    static func clean(_ text: [UInt32]) -> [UInt32] {
        var latinCount = 0
        var nonLatinCount = 0
        for c in text {
            if c >= 0x41 && c <= 0x7A {
                latinCount += 1
            } else if c >= 0x300 {
                nonLatinCount += 1
            }
        }
        guard latinCount * 2 < nonLatinCount else { return text }
        return text.filter { $0 < 0x41 || $0 > 0x7A }
    }

    // MARK: - NGram

    /// `NGram.normalize(ch)`, by Unicode block (the blocks of langdetect's `unicode_block.py`).
    ///
    /// That table is sorted and its ranges are disjoint, so its binary search is the same as the
    /// range tests below for the twelve blocks `normalize` treats specially.
    @inline(__always)
    func normalize(_ c: UInt32) -> UInt32 {
        switch c {
        case 0...0x7F:  // Basic Latin
            if c < 0x41 || (c > 0x5A && c < 0x61) || c > 0x7A { return Self.space }
            return c
        case 0x80...0xFF:  // Latin-1 Supplement
            return latin1Excluded.contains(c) ? Self.space : c
        case 0x180...0x24F:  // Latin Extended-B: Romanian comma below to cedilla
            if c == 0x219 { return 0x15F }
            if c == 0x21B { return 0x163 }
            return c
        case 0x2000...0x206F:  // General Punctuation
            return Self.space
        case 0x600...0x6FF:  // Arabic: Farsi yeh to Arabic yeh
            return c == 0x6CC ? 0x64A : c
        case 0x1E00...0x1EFF:  // Latin Extended Additional
            return c >= 0x1EA0 ? 0x1EC3 : c
        case 0x3040...0x309F:  // Hiragana
            return 0x3042
        case 0x30A0...0x30FF:  // Katakana
            return 0x30A2
        case 0x3100...0x312F, 0x31A0...0x31BF:  // Bopomofo, Bopomofo Extended
            return 0x3105
        case 0x4E00...0x9FFF:  // CJK Unified Ideographs
            return cjkMap[c] ?? c
        case 0xAC00...0xD7AF:  // Hangul Syllables
            return 0xAC00
        default:
            return c
        }
    }

    /// Python's `str.isupper()` for one character: the Unicode property Uppercase, as of Unicode 14.0.
    @inline(__always)
    static func isUpper(_ c: UInt32) -> Bool {
        if c < 0x80 { return c >= 0x41 && c <= 0x5A }
        guard Unicode.Scalar(c)?.properties.isUppercase ?? false else { return false }
        return !newerUppercase.contains(c)
    }

    /// Letters Swift's newer Unicode data calls uppercase but CPython 3.11 (Unicode 14.0) does not.
    ///
    /// Found by comparing `chr(c).isupper()` with `properties.isUppercase` over all code points (Swift 6.3.1).
    private static let newerUppercase: Set<UInt32> = Set(
        [0x1C89, 0xA7CB, 0xA7CC, 0xA7CE, 0xA7D2, 0xA7D4, 0xA7DA, 0xA7DC] + Array(0x10D50...0x10D65)
            + Array(0x16EA0...0x16EB8)
    )

    /// `Detector._extract_ngrams`: the keys of every 1-, 2- and 3-gram of the text that some profile knows.
    func extractNGrams(_ text: [UInt32], profiles: LanguageProfiles) -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(text.count * 3)
        // `NGram.grams`: up to three scalars; grams[count - 1] is the last.
        var grams: (UInt32, UInt32, UInt32) = (Self.space, 0, 0)
        var count = 1
        var capitalWord = false
        for raw in text {
            // NGram.add_char
            let c = normalize(raw)
            let last = count == 1 ? grams.0 : (count == 2 ? grams.1 : grams.2)
            if last == Self.space {
                grams = (Self.space, 0, 0)
                count = 1
                capitalWord = false
                if c == Self.space { continue }
            } else if count >= 3 {
                grams = (grams.1, grams.2, 0)
                count = 2
            }
            switch count {
            case 1: grams.1 = c
            case 2: grams.2 = c
            default: grams.0 = c
            }
            count += 1
            if Self.isUpper(c) {
                if Self.isUpper(last) { capitalWord = true }
            } else {
                capitalWord = false
            }
            // Detector._extract_ngrams
            if capitalWord { continue }
            // w = grams[-n:] for n = 1, 2, 3 while len(grams) >= n; the 1-gram ' ' is skipped.
            let lastScalar = count == 1 ? grams.0 : (count == 2 ? grams.1 : grams.2)
            if lastScalar != Self.space, let index = profiles.index[NGramKey.append(lastScalar, to: 0, at: 0)] {
                result.append(index)
            }
            guard count >= 2 else { continue }
            let pair =
                count == 2
                ? NGramKey.append(grams.1, to: NGramKey.append(grams.0, to: 0, at: 0), at: 1)
                : NGramKey.append(grams.2, to: NGramKey.append(grams.1, to: 0, at: 0), at: 1)
            if let index = profiles.index[pair] { result.append(index) }
            guard count >= 3 else { continue }
            let triple = NGramKey.append(
                grams.2,
                to: NGramKey.append(grams.1, to: NGramKey.append(grams.0, to: 0, at: 0), at: 1),
                at: 2
            )
            if let index = profiles.index[triple] { result.append(index) }
        }
        return result
    }
}

extension Substring {
    /// Python's `str.strip()`: without the Unicode whitespace at both ends.
    fileprivate func trimmingPythonWhitespace() -> Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !PythonCharacters.isSpace($0) }),
            let last = scalars.lastIndex(where: { !PythonCharacters.isSpace($0) })
        else { return "" }
        return Substring(scalars[first...last])
    }
}
