/// NLTK's `word_tokenize`: Punkt English sentences, then `NLTKWordTokenizer` on each.
///
/// `NLTKWordTokenizer` (nltk/tokenize/destructive.py) is the improved Treebank tokenizer: a fixed
/// sequence of regular-expression substitutions, then a split on whitespace. Each substitution is a
/// hand-written pass over code points here, with Python's `\s`, `\w`, `\d` and `\b`, in the same order.
/// Double quotes become `` and '', and contractions split ("DON'T" gives "DO", "N'T").
package enum NLTKWordTokenizer {
    private typealias Scalars = [Unicode.Scalar]
    private typealias Buffer = UnsafeBufferPointer<Unicode.Scalar>

    /// `nltk.word_tokenize(text)` (language "english", preserve_line false).
    package static func wordTokenize(_ text: String) -> [String] {
        let scalars = PythonText.scalars(text)
        var tokens: [String] = []
        for range in PunktSentenceTokenizer.english.spans(of: scalars) {
            tokens.append(contentsOf: tokenize(sentence: Array(scalars[range])))
        }
        return tokens
    }

    /// The number of `nltk.word_tokenize` tokens of `scalars` for which `isCounted` holds, without building strings.
    package static func countTokens(
        in scalars: [Unicode.Scalar],
        where isCounted: (ArraySlice<Unicode.Scalar>) -> Bool
    ) -> Int {
        var count = 0
        for range in PunktSentenceTokenizer.english.spans(of: scalars) {
            forEachToken(in: tokenizedText(sentence: Array(scalars[range]))) { if isCounted($0) { count += 1 } }
        }
        return count
    }

    /// `NLTKWordTokenizer().tokenize(text)` with the default options.
    package static func tokenize(_ text: String) -> [String] {
        tokenize(sentence: PythonText.scalars(text))
    }

    private static func tokenize(sentence: Scalars) -> [String] {
        split(tokenizedText(sentence: sentence))
    }

    /// The sentence after every substitution, ready for the final `str.split()`.
    private static func tokenizedText(sentence: Scalars) -> Scalars {
        // Each pass below is skipped when the characters it needs are absent: an exact shortcut,
        // since passes only insert spaces, except that `"` can become `` or ''.
        let present = CharacterSet(sentence)
        let quotes = present.contains("\"") || present.contains("'")
        var text = sentence
        // STARTING_QUOTES
        if present.nonASCII || present.contains("`") { text = padStartingQuotes(text) }
        if let first = text.first, first == "\"" { text.replaceSubrange(0..<1, with: ["`", "`"]) }
        if present.contains("`") || present.contains("\"") { text = padDoubleBackticks(text) }
        if quotes { text = openingDoubleQuotes(text) }
        if present.contains("'") { text = splitLeadingApostrophe(text) }
        // PUNCTUATION
        if present.contains(".") {
            text = finalPeriod(text, closers: isFinalPeriodCloserWithSpace, spaceBeforeClosers: true)
        }
        if present.contains(",") || present.contains(":") {
            text = commaColonBeforeNonDigit(text)
            text = commaColonAtEnd(text)
        }
        if present.contains(".") { text = padPeriodRuns(text) }
        if present.containsAny(";@#$%&") {
            text = pad(text) {
                switch $0 {
                case ";", "@", "#", "$", "%", "&": true
                default: false
                }
            }
        }
        if present.contains(".") { text = finalPeriod(text, closers: isFinalPeriodCloser, spaceBeforeClosers: false) }
        if present.contains("?") || present.contains("!") { text = pad(text) { $0 == "?" || $0 == "!" } }
        if present.contains("'") { text = apostropheBeforeSpace(text) }
        if present.contains("*") { text = pad(text) { $0 == "*" } }
        // PARENS_BRACKETS
        if present.containsAny("[](){}<>") {
            text = pad(text) {
                switch $0 {
                case "[", "]", "(", ")", "{", "}", "<", ">": true
                default: false
                }
            }
        }
        // DOUBLE_DASHES
        if present.contains("-") { text = padDoubleDashes(text) }
        text.insert(" ", at: 0)
        text.append(" ")
        // ENDING_QUOTES
        if present.nonASCII { text = pad(text) { $0 == "»" || $0 == "”" || $0 == "’" } }
        if quotes { text = closingDoubleQuotes(text) }
        text = collapseWhitespace(text)
        if quotes { text = splitClitics(text) }
        // CONTRACTIONS2, CONTRACTIONS3
        if mayContainContraction(text) {
            for (first, second) in contractions2 {
                text = splitContraction(text, first: first, second: second, followedBySpace: false)
            }
            text = splitContraction(text, first: "wan", second: "na", followedBySpace: true)
            text = splitTisTwas(text, word: "is")
            text = splitTisTwas(text, word: "was")
        }
        return text
    }

    /// The ASCII characters present in a text, and whether it has any other.
    private struct CharacterSet {
        private var low: UInt64 = 0
        private var high: UInt64 = 0
        private(set) var nonASCII = false

        init(_ text: Scalars) {
            for scalar in text {
                let value = scalar.value
                if value < 64 {
                    low |= 1 << UInt64(value)
                } else if value < 128 {
                    high |= 1 << UInt64(value - 64)
                } else {
                    nonASCII = true
                }
            }
        }

        func contains(_ character: Unicode.Scalar) -> Bool {
            let value = character.value
            return value < 64 ? low & (1 << UInt64(value)) != 0 : high & (1 << UInt64(value - 64)) != 0
        }

        func containsAny(_ characters: String) -> Bool {
            characters.unicodeScalars.contains { contains($0) }
        }
    }

    /// Whether any CONTRACTIONS2 or CONTRACTIONS3 word occurs, ignoring case and word boundaries.
    ///
    /// Earlier passes only insert spaces, so when this is false none of those substitutions can match.
    private static func mayContainContraction(_ text: Scalars) -> Bool {
        text.withUnsafeBufferPointer { buffer in
            func has(_ word: StaticString, at index: Int) -> Bool {
                let count = word.utf8CodeUnitCount
                guard index + count <= buffer.count else { return false }
                return word.withUTF8Buffer { matches(buffer, at: index, $0) }
            }
            for index in buffer.indices {
                switch buffer[index].value {
                case 0x43, 0x63: if has("cannot", at: index) { return true }
                case 0x44, 0x64: if has("d'ye", at: index) { return true }
                case 0x47, 0x67:
                    if has("gimme", at: index) || has("gonna", at: index) || has("gotta", at: index) { return true }
                case 0x4C, 0x6C: if has("lemme", at: index) { return true }
                case 0x4D, 0x6D: if has("more'n", at: index) { return true }
                case 0x57, 0x77: if has("wanna", at: index) { return true }
                case 0x27: if has("'tis", at: index) || has("'twas", at: index) { return true }
                default: continue
                }
            }
            return false
        }
    }

    // MARK: - Passes

    /// `([«“‘„]|[`]+)` → ` \1 `.
    private static func padStartingQuotes(_ text: Scalars) -> Scalars {
        var result = Scalars()
        result.reserveCapacity(text.count + 16)
        var index = 0
        while index < text.count {
            let scalar = text[index]
            switch scalar {
            case "«", "“", "‘", "„":
                result.append(contentsOf: [" ", scalar, " "])
                index += 1
            case "`":
                var end = index + 1
                while end < text.count && text[end] == "`" { end += 1 }
                result.append(" ")
                result.append(contentsOf: text[index..<end])
                result.append(" ")
                index = end
            default:
                result.append(scalar)
                index += 1
            }
        }
        return result
    }

    /// `(``)` → ` \1 `.
    private static func padDoubleBackticks(_ text: Scalars) -> Scalars {
        replacing(text) { text, index in
            guard text[index] == "`", index + 1 < text.count, text[index + 1] == "`" else { return nil }
            return (2, [" ", "`", "`", " "])
        }
    }

    /// `([ \(\[{<])(\"|\'{2})` → `\1 `` `.
    private static func openingDoubleQuotes(_ text: Scalars) -> Scalars {
        replacing(text) { text, index in
            switch text[index] {
            case " ", "(", "[", "{", "<": break
            default: return nil
            }
            guard index + 1 < text.count else { return nil }
            if text[index + 1] == "\"" { return (2, [text[index], " ", "`", "`", " "]) }
            if text[index + 1] == "'", index + 2 < text.count, text[index + 2] == "'" {
                return (3, [text[index], " ", "`", "`", " "])
            }
            return nil
        }
    }

    /// `(?i)(\')(?!re|ve|ll|m|t|s|d|n)(\w)\b` → `\1 \2`.
    private static func splitLeadingApostrophe(_ text: Scalars) -> Scalars {
        replacing(text) { text, index in
            guard text[index] == "'", index + 1 < text.count else { return nil }
            let word = text[index + 1]
            guard PythonCharacters.isWord(word) else { return nil }
            guard index + 2 == text.count || !PythonCharacters.isWord(text[index + 2]) else { return nil }
            // "re", "ve" and "ll" need two word characters, which (\w)\b excludes.
            for letter in "mtsdn".utf8 where PythonText.matchesIgnoringCase(word, letter) { return nil }
            return (2, ["'", " ", word])
        }
    }

    /// `[\]\)}>"\'»”’ ]` (the first final-period rule's closers, with a space).
    private static func isFinalPeriodCloserWithSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "]", ")", "}", ">", "\"", "'", "»", "”", "’", " ": return true
        default: return false
        }
    }

    /// `[\]\)}>"\']` (the second final-period rule's closers).
    private static func isFinalPeriodCloser(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "]", ")", "}", ">", "\"", "'": return true
        default: return false
        }
    }

    /// `([^\.])(\.)([closers]*)\s*$` → `\1 \2 \3 ` (or `\1 \2\3 `): splits off the sentence's final period.
    ///
    /// Only the last period can match, since everything after it must be closers, then whitespace.
    private static func finalPeriod(
        _ text: Scalars,
        closers: (Unicode.Scalar) -> Bool,
        spaceBeforeClosers: Bool
    ) -> Scalars {
        guard let period = text.lastIndex(of: "."), period >= 1, text[period - 1] != "." else { return text }
        var closersEnd = period + 1
        while closersEnd < text.count && closers(text[closersEnd]) { closersEnd += 1 }
        guard text[closersEnd...].allSatisfy(PythonCharacters.isSpace) else { return text }
        var result = Scalars(text[..<period])
        result.append(contentsOf: spaceBeforeClosers ? [" ", ".", " "] : [" ", "."])
        result.append(contentsOf: text[(period + 1)..<closersEnd])
        result.append(" ")
        return result
    }

    /// `([:,])([^\d])` → ` \1 \2`.
    private static func commaColonBeforeNonDigit(_ text: Scalars) -> Scalars {
        replacing(text) { text, index in
            guard text[index] == ":" || text[index] == ",", index + 1 < text.count,
                !PythonText.isDecimal(text[index + 1])
            else { return nil }
            return (2, [" ", text[index], " ", text[index + 1]])
        }
    }

    /// `([:,])$` → ` \1 `, where `$` is the end or just before a final "\n".
    private static func commaColonAtEnd(_ text: Scalars) -> Scalars {
        var position = text.count - 1
        if let last = text.last, last == "\n" { position -= 1 }
        guard position >= 0, text[position] == ":" || text[position] == "," else {
            // With a final "\n", `$` also matches at the very end, but "\n" is not [:,].
            return text
        }
        var result = text
        result.replaceSubrange(position..<(position + 1), with: [" ", text[position], " "])
        return result
    }

    /// `\.{2,}` → ` \g<0> `.
    private static func padPeriodRuns(_ text: Scalars) -> Scalars {
        replacing(text) { text, index in
            guard text[index] == ".", index + 1 < text.count, text[index + 1] == "." else { return nil }
            var end = index + 2
            while end < text.count && text[end] == "." { end += 1 }
            return (end - index, [" "] + text[index..<end] + [" "])
        }
    }

    /// `([^'])' ` → `\1 ' `.
    private static func apostropheBeforeSpace(_ text: Scalars) -> Scalars {
        replacing(text) { text, index in
            guard text[index] != "'", index + 2 < text.count, text[index + 1] == "'", text[index + 2] == " " else {
                return nil
            }
            return (3, [text[index], " ", "'", " "])
        }
    }

    /// `--` → ` -- `.
    private static func padDoubleDashes(_ text: Scalars) -> Scalars {
        replacing(text) { text, index in
            guard text[index] == "-", index + 1 < text.count, text[index + 1] == "-" else { return nil }
            return (2, [" ", "-", "-", " "])
        }
    }

    /// `''` → ` '' `, then `"` → ` '' `.
    private static func closingDoubleQuotes(_ text: Scalars) -> Scalars {
        let doubled = replacing(text) { text, index in
            guard text[index] == "'", index + 1 < text.count, text[index + 1] == "'" else { return nil }
            return (2, [" ", "'", "'", " "])
        }
        return replacing(doubled) { text, index in
            text[index] == "\"" ? (1, [" ", "'", "'", " "]) : nil
        }
    }

    /// `\s+` → ` `.
    private static func collapseWhitespace(_ text: Scalars) -> Scalars {
        Scalars(unsafeUninitializedCapacity: text.count) { result, count in
            count = 0
            var inSpace = false
            for scalar in text {
                if PythonCharacters.isSpace(scalar) {
                    if !inSpace {
                        result[count] = " "
                        count += 1
                    }
                    inSpace = true
                } else {
                    result[count] = scalar
                    count += 1
                    inSpace = false
                }
            }
        }
    }

    /// `([^' ])('[sS]|'[mM]|'[dD]|') ` → `\1 \2 `, then `([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ` → `\1 \2 `.
    private static func splitClitics(_ text: Scalars) -> Scalars {
        let short = replacing(text) { text, index in
            let scalar = text[index]
            guard scalar != "'", scalar != " ", index + 2 < text.count, text[index + 1] == "'" else { return nil }
            switch text[index + 2] {
            case "s", "S", "m", "M", "d", "D":
                if index + 3 < text.count, text[index + 3] == " " {
                    return (4, [scalar, " ", "'", text[index + 2], " "])
                }
            case " ":
                return (3, [scalar, " ", "'", " "])
            default:
                break
            }
            return nil
        }
        return replacing(short) { text, index in
            let scalar = text[index]
            guard scalar != "'", scalar != " ", index + 4 < text.count, text[index + 4] == " " else { return nil }
            let clitic = text[(index + 1)..<(index + 4)]
            guard longClitics.contains(where: { $0.elementsEqual(clitic) }) else { return nil }
            return (5, [scalar, " "] + clitic + [" "])
        }
    }

    private static let longClitics: [Scalars] = ["'ll", "'LL", "'re", "'RE", "'ve", "'VE", "n't", "N'T"].map {
        Array($0.unicodeScalars)
    }

    /// The CONTRACTIONS2 pairs except "wanna", which needs whitespace after it rather than `\b`.
    private static let contractions2: [(String, String)] = [
        ("can", "not"), ("d", "'ye"), ("gim", "me"), ("gon", "na"), ("got", "ta"), ("lem", "me"), ("more", "'n"),
    ]

    /// `(?i)\b(first)(second)\b` (or `(?=\s)` at the end) → ` \1 \2 `.
    private static func splitContraction(
        _ text: Scalars,
        first: String,
        second: String,
        followedBySpace: Bool
    ) -> Scalars {
        let firstPattern = Array(first.utf8)
        let pattern = firstPattern + Array(second.utf8)
        return replacing(text) { text, index in
            guard index + pattern.count <= text.count, matches(text, at: index, pattern) else { return nil }
            guard index == 0 || !PythonCharacters.isWord(text[index - 1]) else { return nil }
            let end = index + pattern.count
            if followedBySpace {
                guard end < text.count, PythonCharacters.isSpace(text[end]) else { return nil }
            } else {
                guard end == text.count || !PythonCharacters.isWord(text[end]) else { return nil }
            }
            let split = index + firstPattern.count
            return (pattern.count, [" "] + text[index..<split] + [" "] + text[split..<end] + [" "])
        }
    }

    /// `(?i) ('t)(is)\b` and `(?i) ('t)(was)\b` → ` \1 \2 `.
    private static func splitTisTwas(_ text: Scalars, word: String) -> Scalars {
        let pattern = Array(" 't\(word)".utf8)
        return replacing(text) { text, index in
            guard index + pattern.count <= text.count, matches(text, at: index, pattern) else { return nil }
            let end = index + pattern.count
            guard end == text.count || !PythonCharacters.isWord(text[end]) else { return nil }
            return (pattern.count, [" "] + text[(index + 1)..<(index + 3)] + [" "] + text[(index + 3)..<end] + [" "])
        }
    }

    // MARK: - Helpers

    /// Whether `pattern` (ASCII; letters match ignoring case as Python's `re` does) occurs at `index`.
    @inline(__always)
    private static func matches(_ text: Buffer, at index: Int, _ pattern: some Collection<UInt8>) -> Bool {
        for (offset, byte) in pattern.enumerated() {
            let scalar = text[index + offset]
            let isLetter = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            if isLetter {
                guard PythonText.matchesIgnoringCase(scalar, byte) else { return false }
            } else {
                guard scalar.value == UInt32(byte) else { return false }
            }
        }
        return true
    }

    /// Surrounds every scalar for which `predicate` holds with spaces (`[...]` → ` \g<0> `).
    private static func pad(_ text: Scalars, where predicate: (Unicode.Scalar) -> Bool) -> Scalars {
        guard text.contains(where: predicate) else { return text }
        var result = Scalars()
        result.reserveCapacity(text.count + 16)
        for scalar in text {
            if predicate(scalar) {
                result.append(contentsOf: [" ", scalar, " "])
            } else {
                result.append(scalar)
            }
        }
        return result
    }

    /// `re.sub` with a pattern matched at each position left to right, matches not overlapping.
    ///
    /// `match` returns the length of the match at `index` and its replacement, or nil.
    @inline(__always)
    private static func replacing(
        _ text: Scalars,
        _ match: (Buffer, Int) -> (length: Int, replacement: Scalars)?
    ) -> Scalars {
        text.withUnsafeBufferPointer { buffer in
            var result = Scalars()
            var copied = 0
            var index = 0
            while index < buffer.count {
                if let found = match(buffer, index) {
                    if result.isEmpty { result.reserveCapacity(buffer.count + 16) }
                    result.append(contentsOf: buffer[copied..<index])
                    result.append(contentsOf: found.replacement)
                    index += found.length
                    copied = index
                } else {
                    index += 1
                }
            }
            guard copied > 0 else { return text }
            result.append(contentsOf: buffer[copied...])
            return result
        }
    }

    /// `str.split()`: the runs of non-whitespace.
    private static func split(_ text: Scalars) -> [String] {
        var tokens: [String] = []
        forEachToken(in: text) { tokens.append(PythonText.string($0)) }
        return tokens
    }

    /// Calls `body` with each run of non-whitespace, as `str.split()` returns them.
    @inline(__always)
    private static func forEachToken(in text: Scalars, _ body: (ArraySlice<Unicode.Scalar>) -> Void) {
        var start: Int?
        for index in text.indices {
            if PythonCharacters.isSpace(text[index]) {
                if let tokenStart = start {
                    body(text[tokenStart..<index])
                    start = nil
                }
            } else if start == nil {
                start = index
            }
        }
        if let tokenStart = start { body(text[tokenStart...]) }
    }
}
