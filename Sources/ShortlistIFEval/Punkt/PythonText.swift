/// Python `str` operations on code points that Punkt and the NLTK word tokenizer rely on.
///
/// Python indexes strings by code point, so these work on `Unicode.Scalar` sequences, never on
/// `Character` (a grapheme cluster would merge "\r\n" and combining marks).
enum PythonText {
    /// `str.lower()`: the full lowercase mapping of each code point.
    ///
    /// Python also applies the context-sensitive final-sigma rule; it only changes Greek sigma,
    /// which cannot affect Punkt's lookups in its ASCII-only English parameters.
    static func lower(_ scalars: some Collection<Unicode.Scalar>) -> String {
        if scalars.allSatisfy({ $0.isASCII }) {
            return String(unsafeUninitializedCapacity: scalars.count) { buffer in
                var count = 0
                for scalar in scalars {
                    let value = UInt8(scalar.value)
                    buffer[count] = (value >= 0x41 && value <= 0x5A) ? value + 0x20 : value
                    count += 1
                }
                return count
            }
        }
        var result = String.UnicodeScalarView()
        for scalar in scalars {
            result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
        return String(result)
    }

    /// `re`'s `\d`, with a shortcut for ASCII.
    @inline(__always)
    static func isDecimal(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value >= 0x30 && scalar.value <= 0x39 }
        return PythonCharacters.isDecimal(scalar)
    }

    /// `c.isupper()` for a one-character string: the Unicode Uppercase property.
    @inline(__always)
    static func isUpper(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value >= 0x41 && scalar.value <= 0x5A }
        return scalar.properties.isUppercase
    }

    /// `c.islower()` for a one-character string: the Unicode Lowercase property.
    @inline(__always)
    static func isLower(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value >= 0x61 && scalar.value <= 0x7A }
        return scalar.properties.isLowercase
    }

    /// Whether `re` with `IGNORECASE` matches `scalar` against the lowercase ASCII letter `letter`.
    ///
    /// Python's `re` compares simple lowercase mappings, and adds a few equivalences: so "i" also
    /// matches "İ" and "ı", "s" matches "ſ", and "k" matches the Kelvin sign.
    @inline(__always)
    static func matchesIgnoringCase(_ scalar: Unicode.Scalar, _ letter: UInt8) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return value == UInt32(letter) || value == UInt32(letter) - 0x20
        }
        switch value {
        case 0x130, 0x131: return letter == UInt8(ascii: "i")
        case 0x17F: return letter == UInt8(ascii: "s")
        case 0x212A: return letter == UInt8(ascii: "k")
        default: return false
        }
    }

    /// The code points of `text`, as Python indexes them.
    static func scalars(_ text: String) -> [Unicode.Scalar] {
        var text = text
        return text.withUTF8 { bytes in
            [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count) { buffer, count in
                // The bytes are valid UTF-8, as every native String's are.
                var index = 0
                count = 0
                while index < bytes.count {
                    let lead = UInt32(bytes[index])
                    var value: UInt32
                    if lead < 0x80 {
                        value = lead
                        index += 1
                    } else if lead < 0xE0 {
                        value = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                        index += 2
                    } else if lead < 0xF0 {
                        value =
                            (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                        index += 3
                    } else {
                        value =
                            (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                            | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                        index += 4
                    }
                    // Decoded from valid UTF-8, so a valid scalar value.
                    buffer[count] = unsafeBitCast(value, to: Unicode.Scalar.self)
                    count += 1
                }
            }
        }
    }

    /// A `String` made of exactly these code points (no normalization).
    static func string(_ scalars: some Collection<Unicode.Scalar>) -> String {
        String(unsafeUninitializedCapacity: scalars.count * 4) { buffer in
            var count = 0
            for scalar in scalars {
                let value = scalar.value
                if value < 0x80 {
                    buffer[count] = UInt8(value)
                    count += 1
                } else if value < 0x800 {
                    buffer[count] = UInt8(0xC0 | (value >> 6))
                    buffer[count + 1] = UInt8(0x80 | (value & 0x3F))
                    count += 2
                } else if value < 0x1_0000 {
                    buffer[count] = UInt8(0xE0 | (value >> 12))
                    buffer[count + 1] = UInt8(0x80 | ((value >> 6) & 0x3F))
                    buffer[count + 2] = UInt8(0x80 | (value & 0x3F))
                    count += 3
                } else {
                    buffer[count] = UInt8(0xF0 | (value >> 18))
                    buffer[count + 1] = UInt8(0x80 | ((value >> 12) & 0x3F))
                    buffer[count + 2] = UInt8(0x80 | ((value >> 6) & 0x3F))
                    buffer[count + 3] = UInt8(0x80 | (value & 0x3F))
                    count += 4
                }
            }
            return count
        }
    }
}

/// ASCII code points by name, for the scanners.
extension Unicode.Scalar {
    @inline(__always)
    func isASCII(_ character: UInt8) -> Bool { value == UInt32(character) }
}
