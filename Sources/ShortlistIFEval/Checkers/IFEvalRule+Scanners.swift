/// Hand-written scanners for the reference's regular expressions, with Python `re` semantics.
extension IFEvalRule {
    /// `langdetect.detect(text)`, or `nil` when it raises `LangDetectException`.
    static func detectLanguage(_ text: IFEvalText) -> String? {
        try? LanguageDetector.shared.detect(scalars: text.scalars)
    }

    /// The Punkt English sentence count.
    static func sentenceCount(_ text: IFEvalText) -> Int {
        PunktSentenceTokenizer.english.spans(of: text.scalars).count
    }

    /// Tokens of `nltk.word_tokenize(text)` for which `str.isupper()` holds.
    static func capitalWordCount(_ text: IFEvalText) -> Int {
        NLTKWordTokenizer.countTokens(in: text.scalars) { PythonString.isUpper($0) }
    }

    /// `re.split(r"\s?\*\*\*\s?", text)` less the blank first and last parts; `nil` if a middle part is blank.
    static func starParagraphCount(_ t: [Unicode.Scalar]) -> Int? {
        var parts: [ArraySlice<Unicode.Scalar>] = []
        var start = 0
        var index = 0
        func isStars(_ at: Int) -> Bool { at + 3 <= t.count && t[at] == "*" && t[at + 1] == "*" && t[at + 2] == "*" }
        while index < t.count {
            var end: Int?
            if PythonCharacters.isSpace(t[index]) && isStars(index + 1) {
                end = index + 4
            } else if isStars(index) {
                end = index + 3
            }
            if var matchEnd = end {
                if matchEnd < t.count && PythonCharacters.isSpace(t[matchEnd]) { matchEnd += 1 }
                parts.append(t[start..<index])
                start = matchEnd
                index = matchEnd
            } else {
                index += 1
            }
        }
        parts.append(t[start...])
        var count = parts.count
        for (position, part) in parts.enumerated() where PythonString.isBlank(part) {
            guard position == 0 || position == parts.count - 1 else { return nil }
            count -= 1
        }
        return count
    }

    /// The paragraph count after `re.split(r"\n\n", text)` and the nth part's cleaned first word.
    ///
    /// Returns `nil` where the reference returns False early: `nth` beyond the count, or a blank nth part.
    static func nthParagraphFirstWord(_ t: [Unicode.Scalar], nth: Int) -> (paragraphs: Int, word: [Unicode.Scalar])? {
        let parts = PythonString.split(t, separator: ["\n", "\n"])
        let count = parts.count - parts.count { PythonString.isBlank($0) }
        guard nth <= count else { return nil }
        let paragraph = PythonString.strip(parts[nth - 1])
        guard let first = PythonString.splitWhitespace(paragraph).first else { return nil }
        let word = first.drop { $0 == "'" }.drop { $0 == "\"" }
        var cleaned: [Unicode.Scalar] = []
        for scalar in word {
            if scalar == "." || scalar == "," || scalar == "?" || scalar == "!" || scalar == "'" || scalar == "\"" {
                break
            }
            cleaned += PythonString.lower(scalar)
        }
        return (count, cleaned)
    }

    /// `len(re.findall(r"\[.*?\]", text))`.
    static func placeholderCount(_ t: [Unicode.Scalar]) -> Int {
        var count = 0
        var index = 0
        while index < t.count {
            if t[index] == "[" {
                var close = index + 1
                while close < t.count && t[close] != "]" && t[close] != "\n" { close += 1 }
                if close < t.count && t[close] == "]" {
                    count += 1
                    index = close + 1
                    continue
                }
            }
            index += 1
        }
        return count
    }

    /// Whether `re.findall(pattern, lowered, re.MULTILINE)` finds the postscript marker.
    static func hasPostscript(_ lowered: [Unicode.Scalar], marker: String) -> Bool {
        let pattern: [PatternElement]
        switch PythonString.string(PythonString.strip(marker.unicodeScalars)) {
        case "P.P.S":
            pattern = [
                .literal("p"), .literal("."), .optionalSpace, .literal("p"), .literal("."), .optionalSpace,
                .literal("s"),
            ]
        case "P.S.": pattern = [.literal("p"), .literal("."), .optionalSpace, .literal("s"), .literal(".")]
        case let other: pattern = PythonString.lower(other.unicodeScalars).map { .literal($0) }
        }
        if pattern.isEmpty { return true }
        return lowered.indices.contains { PatternElement.matches(pattern[...], lowered, at: $0) }
    }

    /// A piece of the postscript patterns: a literal code point or `\s?`.
    enum PatternElement {
        case literal(Unicode.Scalar)
        case optionalSpace

        /// Whether `pattern` matches at `index`, backtracking over `\s?` like `re`.
        static func matches(_ pattern: ArraySlice<PatternElement>, _ t: [Unicode.Scalar], at index: Int) -> Bool {
            guard let element = pattern.first else { return true }
            switch element {
            case .literal(let scalar):
                return index < t.count && t[index] == scalar && matches(pattern.dropFirst(), t, at: index + 1)
            case .optionalSpace:
                if index < t.count && PythonCharacters.isSpace(t[index])
                    && matches(pattern.dropFirst(), t, at: index + 1)
                {
                    return true
                }
                return matches(pattern.dropFirst(), t, at: index)
            }
        }
    }

    /// `re.findall(r"^\s*\*[^\*].*$", …)` plus `re.findall(r"^\s*-.*$", …)`, both with MULTILINE.
    static func bulletCount(_ t: [Unicode.Scalar]) -> Int {
        func endOfLine(from index: Int) -> Int {
            var end = index
            while end < t.count && t[end] != "\n" { end += 1 }
            return end
        }
        func count(matching marker: (Int) -> Int?) -> Int {
            var count = 0
            var index = 0
            while index <= t.count {
                if index == 0 || t[index - 1] == "\n" {
                    var afterSpace = index
                    while afterSpace < t.count && PythonCharacters.isSpace(t[afterSpace]) { afterSpace += 1 }
                    if let bodyStart = marker(afterSpace) {
                        count += 1
                        index = max(endOfLine(from: bodyStart), index + 1)
                        continue
                    }
                }
                index += 1
            }
            return count
        }
        let stars = count { at in
            at + 1 < t.count && t[at] == "*" && t[at + 1] != "*" ? at + 2 : nil
        }
        let dashes = count { at in
            at < t.count && t[at] == "-" ? at + 1 : nil
        }
        return stars + dashes
    }

    /// Highlights: `\*[^\n\*]*\*` matches with content, plus `\*\*[^\n\*]*\*\*` matches with content.
    static func highlightCount(_ t: [Unicode.Scalar]) -> Int {
        func count(delimiter: Int) -> Int {
            var count = 0
            var index = 0
            while index + 2 * delimiter <= t.count {
                guard (0..<delimiter).allSatisfy({ t[index + $0] == "*" }) else {
                    index += 1
                    continue
                }
                var close = index + delimiter
                while close < t.count && t[close] != "\n" && t[close] != "*" { close += 1 }
                if close + delimiter <= t.count && (0..<delimiter).allSatisfy({ t[close + $0] == "*" }) {
                    if !PythonString.isBlank(t[(index + delimiter)..<close]) { count += 1 }
                    index = close + delimiter
                } else {
                    index += 1
                }
            }
            return count
        }
        return count(delimiter: 1) + count(delimiter: 2)
    }

    /// The number of `re.split(r"\s?" + splitter + r"\s?\d+\s?", text)` separators, which is `len(parts) - 1`.
    static func sectionMarkerCount(_ t: [Unicode.Scalar], splitter: [Unicode.Scalar]) -> Int {
        func markerEnd(at start: Int) -> Int? {
            guard start + splitter.count <= t.count, t[start..<(start + splitter.count)].elementsEqual(splitter) else {
                return nil
            }
            var index = start + splitter.count
            if index < t.count && PythonCharacters.isSpace(t[index]) && index + 1 < t.count
                && PythonCharacters.isDecimal(t[index + 1])
            {
                index += 1
            }
            guard index < t.count && PythonCharacters.isDecimal(t[index]) else { return nil }
            while index < t.count && PythonCharacters.isDecimal(t[index]) { index += 1 }
            if index < t.count && PythonCharacters.isSpace(t[index]) { index += 1 }
            return index
        }
        var count = 0
        var index = 0
        while index < t.count {
            var end: Int?
            if PythonCharacters.isSpace(t[index]) { end = markerEnd(at: index + 1) }
            if end == nil { end = markerEnd(at: index) }
            if let end, end > index {
                count += 1
                index = end
            } else {
                index += 1
            }
        }
        return count
    }

    /// The text `json.loads` sees: stripped, code fences removed in the reference's order, stripped again.
    static func jsonCandidate(_ t: [Unicode.Scalar]) -> ArraySlice<Unicode.Scalar> {
        var value = PythonString.strip(t)
        for fence in ["```json", "```Json", "```JSON", "```"] {
            let prefix = Array(fence.unicodeScalars)
            if value.starts(with: prefix) { value = value.dropFirst(prefix.count) }
        }
        let suffix: [Unicode.Scalar] = ["`", "`", "`"]
        if value.count >= 3 && value.suffix(3).elementsEqual(suffix) { value = value.dropLast(3) }
        return PythonString.strip(value)
    }

    /// Whether some `re.findall(r"<<[^\n]+>>", text)` match has text inside the brackets.
    static func hasTitle(_ t: [Unicode.Scalar]) -> Bool {
        var index = 0
        while index + 1 < t.count {
            guard t[index] == "<" && t[index + 1] == "<" else {
                index += 1
                continue
            }
            var lineEnd = index + 2
            while lineEnd < t.count && t[lineEnd] != "\n" { lineEnd += 1 }
            var close = lineEnd - 2
            while close >= index + 3 && !(t[close] == ">" && t[close + 1] == ">") { close -= 1 }
            if close >= index + 3 {
                let match = t[index..<(close + 2)]
                let inner = match.drop { $0 == "<" }
                var end = inner.endIndex
                while end > inner.startIndex && inner[end - 1] == ">" { end -= 1 }
                if !PythonString.isBlank(inner[inner.startIndex..<end]) { return true }
                index = close + 2
            } else {
                index += 1
            }
        }
        return false
    }

    /// The `combination:two_responses` rule over `text.split("******")`.
    static func isTwoResponses(_ t: [Unicode.Scalar]) -> Bool {
        let parts = PythonString.split(t, separator: Array("******".unicodeScalars))
        var valid: [ArraySlice<Unicode.Scalar>] = []
        for (index, part) in parts.enumerated() {
            if PythonString.isBlank(part) {
                if index != 0 && index != parts.count - 1 { return false }
            } else {
                valid.append(part)
            }
        }
        return valid.count == 2 && !PythonString.strip(valid[0]).elementsEqual(PythonString.strip(valid[1]))
    }
}
