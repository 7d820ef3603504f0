/// Python 3 character classes, for text rules that must match the reference IFEval code exactly.
///
/// Python's `re` (on `str` patterns) and `str` methods define `\s`, `\w` and `\b` by Unicode
/// properties, and those differ from Swift `Regex`'s and ICU's: Python's `\w` excludes combining
/// marks, so "नमस्ते" is two words, not one.
package enum PythonCharacters {
    /// `str.isspace()` and `re`'s `\s`: bidirectional class WS, B or S, or category Zs.
    ///
    /// This includes the ASCII separators U+001C–U+001F and U+0085, but not U+200B or U+FEFF.
    @inline(__always)
    package static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
            0x3000:
            return true
        default:
            return false
        }
    }

    /// `re`'s `\w`: `str.isalnum()` or `_`.
    @inline(__always)
    package static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A)
                || (value >= 0x61 && value <= 0x7A) || value == 0x5F
        }
        return isAlphanumeric(scalar)
    }

    /// `str.isalnum()` for one character: a letter (categories L*) or a character with a numeric value.
    package static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return true
        default:
            return scalar.properties.numericType != nil
        }
    }

    /// `str.isdigit()` for one character (Numeric_Type Decimal or Digit).
    package static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.numericType {
        case .decimal?, .digit?: return true
        default: return false
        }
    }

    /// `re`'s `\d` on `str` patterns: decimal digits (category Nd).
    package static func isDecimal(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .decimalNumber
    }
}
