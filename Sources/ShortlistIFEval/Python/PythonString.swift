/// Python 3 `str` methods over code points, as the reference IFEval code calls them.
///
/// Python strings are sequences of code points, so every function here works on arrays of
/// `Unicode.Scalar`, never on `Character` (a grapheme cluster), and compares code point by code point.
package enum PythonString {
    /// `str.strip()`: removes `str.isspace()` characters from both ends.
    package static func strip(_ text: some BidirectionalCollection<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        strip(text) { PythonCharacters.isSpace($0) }
    }

    /// `str.strip(chars)`: removes the characters matching `predicate` from both ends.
    package static func strip(
        _ text: some BidirectionalCollection<Unicode.Scalar>,
        where predicate: (Unicode.Scalar) -> Bool
    ) -> ArraySlice<Unicode.Scalar> {
        let array = ArraySlice(text)
        var start = array.startIndex
        var end = array.endIndex
        while start < end && predicate(array[start]) { start += 1 }
        while end > start && predicate(array[end - 1]) { end -= 1 }
        return array[start..<end]
    }

    /// Whether `str.strip()` leaves anything.
    package static func isBlank(_ text: some Collection<Unicode.Scalar>) -> Bool {
        text.allSatisfy { PythonCharacters.isSpace($0) }
    }

    /// `str.lower()`: full Unicode lower-case mapping with the final-sigma rule.
    package static func lower(_ text: some Collection<Unicode.Scalar>) -> [Unicode.Scalar] {
        let scalars = Array(text)
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(scalars.count)
        for (index, scalar) in scalars.enumerated() {
            if scalar.value < 0x80 {
                result.append(
                    scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(UInt8(scalar.value + 32)) : scalar
                )
            } else if scalar.value == 0x03A3 {
                result.append(isFinalSigma(scalars, at: index) ? "\u{03C2}" : "\u{03C3}")
            } else {
                result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return result
    }

    /// `str.lower()` of one character on its own, as `letter.lower()` in a loop.
    package static func lower(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        lower(CollectionOfOne(scalar))
    }

    /// CPython's `handle_capital_sigma`: a cased letter before (skipping case-ignorables) and none after.
    private static func isFinalSigma(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var before = index - 1
        while before >= 0 && scalars[before].properties.isCaseIgnorable { before -= 1 }
        guard before >= 0 && scalars[before].properties.isCased else { return false }
        var after = index + 1
        while after < scalars.count && scalars[after].properties.isCaseIgnorable { after += 1 }
        return !(after < scalars.count && scalars[after].properties.isCased)
    }

    /// `str.isupper()`: at least one upper-case character, and none lower-case or title-case.
    package static func isUpper(_ text: some Collection<Unicode.Scalar>) -> Bool {
        var cased = false
        for scalar in text {
            if scalar.value < 0x80 {
                if scalar.value >= 0x61 && scalar.value <= 0x7A { return false }
                if scalar.value >= 0x41 && scalar.value <= 0x5A { cased = true }
                continue
            }
            let properties = scalar.properties
            if properties.isLowercase || properties.generalCategory == .titlecaseLetter { return false }
            if !cased && properties.isUppercase { cased = true }
        }
        return cased
    }

    /// `str.islower()`: at least one lower-case character, and none upper-case or title-case.
    package static func isLower(_ text: some Collection<Unicode.Scalar>) -> Bool {
        var cased = false
        for scalar in text {
            if scalar.value < 0x80 {
                if scalar.value >= 0x41 && scalar.value <= 0x5A { return false }
                if scalar.value >= 0x61 && scalar.value <= 0x7A { cased = true }
                continue
            }
            let properties = scalar.properties
            if properties.isUppercase || properties.generalCategory == .titlecaseLetter { return false }
            if !cased && properties.isLowercase { cased = true }
        }
        return cased
    }

    /// `str.split()` with no separator: the runs between Unicode whitespace.
    package static func splitWhitespace(_ text: some Collection<Unicode.Scalar>) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in text {
            if PythonCharacters.isSpace(scalar) {
                if !current.isEmpty {
                    words.append(current)
                    current.removeAll(keepingCapacity: true)
                }
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// `str.split(separator)`: the pieces between non-overlapping occurrences, left to right.
    package static func split(
        _ text: [Unicode.Scalar],
        separator: [Unicode.Scalar]
    ) -> [ArraySlice<Unicode.Scalar>] {
        precondition(!separator.isEmpty, "empty separator")
        var pieces: [ArraySlice<Unicode.Scalar>] = []
        var start = 0
        var index = 0
        while index + separator.count <= text.count {
            if hasPrefix(text[index...], separator) {
                pieces.append(text[start..<index])
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(text[start...])
        return pieces
    }

    /// `str.startswith(prefix)`, code point by code point.
    package static func hasPrefix(
        _ text: some Collection<Unicode.Scalar>,
        _ prefix: some Collection<Unicode.Scalar>
    ) -> Bool {
        text.starts(with: prefix)
    }

    /// `str.endswith(suffix)`, code point by code point.
    package static func hasSuffix(_ text: [Unicode.Scalar], _ suffix: [Unicode.Scalar]) -> Bool {
        suffix.count <= text.count && text[(text.count - suffix.count)...].elementsEqual(suffix)
    }

    /// `substring in text`, code point by code point.
    package static func contains(_ text: some Collection<Unicode.Scalar>, _ substring: [Unicode.Scalar]) -> Bool {
        let array = ArraySlice(text)
        guard !substring.isEmpty else { return true }
        guard substring.count <= array.count else { return false }
        var index = array.startIndex
        while index + substring.count <= array.endIndex {
            if array[index] == substring[0] && array[index..<(index + substring.count)].elementsEqual(substring) {
                return true
            }
            index += 1
        }
        return false
    }

    /// A Swift string made of exactly these code points.
    package static func string(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
