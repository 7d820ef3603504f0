/// The few Python `re` behaviours the IFEval checkers rely on, as exact scanners over code points.
///
/// Swift `Regex` and ICU define `\w`, `\b` and case-insensitive matching differently from Python's
/// `re`, so each pattern the reference uses is matched here by hand with Python's rules.
package enum PythonPatterns {
    /// The character `re.IGNORECASE` compares: the simple lower-case mapping, then `sre_compile`'s equivalences.
    ///
    /// Python matches `i` with `ı`, `s` with `ſ`, `σ` with `ς` and a few more pairs whose upper-case forms agree.
    package static func caseFold(_ scalar: Unicode.Scalar) -> UInt32 {
        let value = scalar.value
        if value < 0x80 { return value >= 0x41 && value <= 0x5A ? value + 32 : value }
        let lowered: UInt32
        if value == 0x130 {
            lowered = 0x69  // simple lower-case mapping of İ
        } else {
            let mapping = scalar.properties.lowercaseMapping.unicodeScalars
            lowered = mapping.count == 1 ? mapping[mapping.startIndex].value : value
        }
        switch lowered {
        case 0x131: return 0x69
        case 0x17F: return 0x73
        case 0xB5: return 0x3BC
        case 0x345, 0x1FBE: return 0x3B9
        case 0x1FD3: return 0x390
        case 0x1FE3: return 0x3B0
        case 0x3D0: return 0x3B2
        case 0x3F5: return 0x3B5
        case 0x3D1: return 0x3B8
        case 0x3F0: return 0x3BA
        case 0x3D6: return 0x3C0
        case 0x3F1: return 0x3C1
        case 0x3C2: return 0x3C3
        case 0x3D5: return 0x3C6
        case 0x1E9B: return 0x1E61
        case 0xFB06: return 0xFB05
        default: return lowered
        }
    }

    /// A literal pattern compiled for `re.IGNORECASE` matching: its folded code points.
    package struct FoldedLiteral: Sendable, Equatable {
        package let folded: [UInt32]

        /// Folds `pattern`, which must contain no regular-expression metacharacters.
        package init(_ pattern: some Sequence<Unicode.Scalar>) {
            folded = pattern.map(PythonPatterns.caseFold)
        }

        /// Whether the pattern matches at `index` of `text` (already folded).
        @inline(__always)
        package func matches(_ text: [UInt32], at index: Int) -> Bool {
            guard index + folded.count <= text.count else { return false }
            var offset = 0
            while offset < folded.count {
                if text[index + offset] != folded[offset] { return false }
                offset += 1
            }
            return true
        }

        /// `len(re.findall(pattern, text, re.IGNORECASE))`: non-overlapping matches, left to right.
        package func count(in text: [UInt32]) -> Int {
            guard !folded.isEmpty else { return text.count + 1 }
            var count = 0
            var index = 0
            while index + folded.count <= text.count {
                if matches(text, at: index) {
                    count += 1
                    index += folded.count
                } else {
                    index += 1
                }
            }
            return count
        }

        /// `re.search(pattern, text, re.IGNORECASE) is not None`.
        package func occurs(in text: [UInt32]) -> Bool {
            guard !folded.isEmpty else { return true }
            var index = 0
            while index + folded.count <= text.count {
                if matches(text, at: index) { return true }
                index += 1
            }
            return false
        }

        /// `re.search(r"\b" + pattern + r"\b", text, re.IGNORECASE) is not None`, with Python's Unicode `\b`.
        package func occursAsWord(in text: [UInt32], scalars: [Unicode.Scalar]) -> Bool {
            var index = 0
            while index + folded.count <= text.count {
                // The literal is compared first: it is cheaper than `\b` and rules out most positions.
                if matches(text, at: index) && PythonPatterns.isWordBoundary(scalars, at: index)
                    && PythonPatterns.isWordBoundary(scalars, at: index + folded.count)
                {
                    return true
                }
                index += 1
            }
            return false
        }
    }

    /// The text folded for `FoldedLiteral` matching, one value per code point.
    package static func fold(_ text: [Unicode.Scalar]) -> [UInt32] {
        text.map(caseFold)
    }

    /// Python's `\b` at `index`: a `\w` character on exactly one side.
    package static func isWordBoundary(_ text: [Unicode.Scalar], at index: Int) -> Bool {
        let before = index > 0 && PythonCharacters.isWord(text[index - 1])
        let after = index < text.count && PythonCharacters.isWord(text[index])
        return before != after
    }

    /// `len(re.findall(r"\w+", text))`, which is NLTK's `RegexpTokenizer(r"\w+")` word count.
    package static func wordCount(_ text: [Unicode.Scalar]) -> Int {
        var count = 0
        var inWord = false
        for scalar in text {
            let isWord = PythonCharacters.isWord(scalar)
            if isWord && !inWord { count += 1 }
            inWord = isWord
        }
        return count
    }
}
