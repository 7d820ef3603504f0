/// Punkt's character classes and its word tokenizer (`PunktLanguageVars.word_tokenize`).
enum PunktScanner {
    /// A run of code points inside a text being tokenized.
    typealias Text = Slice<UnsafeBufferPointer<Unicode.Scalar>>

    /// `[.?!]`, the default sentence-end characters.
    @inline(__always)
    static func isSentenceEnd(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E, 0x3F, 0x21: return true
        default: return false
        }
    }

    /// `_re_non_word_chars`: characters that cannot appear within words, `)";}]*:@'({[` and `?!`.
    @inline(__always)
    static func isNonWord(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x29, 0x22, 0x3B, 0x7D, 0x5D, 0x2A, 0x3A, 0x40, 0x27, 0x28, 0x7B, 0x5B, 0x3F, 0x21: return true
        default: return false
        }
    }

    /// The complement of `_re_word_start`: characters that cannot start a word, `("`{[:;&#*@)}]-,`.
    @inline(__always)
    static func cannotStartWord(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x28, 0x22, 0x60, 0x7B, 0x5B, 0x3A, 0x3B, 0x26, 0x23, 0x2A, 0x40, 0x29, 0x7D, 0x5D, 0x2D, 0x2C:
            return true
        default:
            return false
        }
    }

    /// The closing characters `"')]}` that realignment moves into the previous sentence.
    @inline(__always)
    static func isClosingPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x22, 0x27, 0x29, 0x5D, 0x7D: return true
        default: return false
        }
    }

    /// Python's `string.whitespace`: space, tab, newline, carriage return, vertical tab, form feed.
    @inline(__always)
    static func isASCIIWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09...0x0D: return true
        default: return false
        }
    }

    /// `_re_multi_char_punct` at `index`: `\-{2,}|\.{2,}|(?:\.\s){2,}\.`; returns the match's length.
    @inline(__always)
    static func multiCharacterPunctuation(_ text: Text, at index: Int) -> Int? {
        let end = text.endIndex
        guard index + 1 < end else { return nil }
        let first = text[index]
        if first.isASCII(UInt8(ascii: "-")) {
            guard text[index + 1].isASCII(UInt8(ascii: "-")) else { return nil }
            var stop = index + 2
            while stop < end && text[stop].isASCII(UInt8(ascii: "-")) { stop += 1 }
            return stop - index
        }
        guard first.isASCII(UInt8(ascii: ".")) else { return nil }
        if text[index + 1].isASCII(UInt8(ascii: ".")) {
            var stop = index + 2
            while stop < end && text[stop].isASCII(UInt8(ascii: ".")) { stop += 1 }
            return stop - index
        }
        // (?:\.\s){2,}\. — greedy pairs, then a period; backtracking one pair always finds one.
        var pairs = 0
        var position = index
        while position + 1 < end && text[position].isASCII(UInt8(ascii: "."))
            && PythonCharacters.isSpace(text[position + 1])
        {
            pairs += 1
            position += 2
        }
        guard pairs >= 2 else { return nil }
        if position < end && text[position].isASCII(UInt8(ascii: ".")) { return 2 * pairs + 1 }
        return pairs >= 3 ? 2 * pairs - 1 : nil
    }

    /// `_tokenize_words`: the Punkt word tokens of each line ("\n"-separated) of `text`.
    static func forEachWord(in text: Text, _ body: (Text) -> Void) {
        var lineStart = text.startIndex
        while lineStart <= text.endIndex {
            var lineEnd = lineStart
            while lineEnd < text.endIndex && !text[lineEnd].isASCII(UInt8(ascii: "\n")) { lineEnd += 1 }
            forEachWord(inLine: text[lineStart..<lineEnd], body)
            lineStart = lineEnd + 1
        }
    }

    /// `PunktLanguageVars.word_tokenize` on one line: `findall` of the word-tokenizer expression.
    ///
    /// The expression is `MultiChar | (?=WordStart)\S+?(?=End) | \S`, where `End` is whitespace, the end,
    /// a non-word character, multi-character punctuation, or a comma followed by one of those.
    private static func forEachWord(
        inLine line: Text,
        _ body: (Text) -> Void
    ) {
        let end = line.endIndex
        var index = line.startIndex
        while index < end {
            if let length = multiCharacterPunctuation(line, at: index) {
                body(line[index..<(index + length)])
                index += length
                continue
            }
            let scalar = line[index]
            if PythonCharacters.isSpace(scalar) {
                index += 1
                continue
            }
            if cannotStartWord(scalar) {
                body(line[index..<(index + 1)])
                index += 1
                continue
            }
            var stop = index + 1
            while !endsWord(line, at: stop) { stop += 1 }
            body(line[index..<stop])
            index = stop
        }
    }

    /// The lookahead that ends a word: `\s|$|NonWord|MultiChar|,(?=$|\s|NonWord|MultiChar)`.
    @inline(__always)
    private static func endsWord(_ line: Text, at index: Int) -> Bool {
        guard index < line.endIndex else { return true }
        let scalar = line[index]
        if PythonCharacters.isSpace(scalar) || isNonWord(scalar) { return true }
        if multiCharacterPunctuation(line, at: index) != nil { return true }
        guard scalar.isASCII(UInt8(ascii: ",")) else { return false }
        let next = index + 1
        guard next < line.endIndex else { return true }
        return PythonCharacters.isSpace(line[next]) || isNonWord(line[next])
            || multiCharacterPunctuation(line, at: next) != nil
    }
}
