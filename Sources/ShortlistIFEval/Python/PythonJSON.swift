/// Python's `json` module where IFEval depends on it: what `json.loads` accepts, and `json.dumps` output.
package enum PythonJSON {
    /// Whether `json.loads(text)` succeeds (CPython's C scanner, `strict=True`).
    ///
    /// Any top-level value is accepted, as are `NaN`, `Infinity`, `-Infinity` and duplicate keys;
    /// trailing commas, leading zeros, control characters inside strings and extra data are rejected.
    package static func loads(_ text: some Collection<Unicode.Scalar>) -> Bool {
        var parser = Validator(scalars: Array(text))
        parser.skipWhitespace()
        guard parser.value(depth: 0) else { return false }
        parser.skipWhitespace()
        return parser.index == parser.scalars.count
    }

    private struct Validator {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        mutating func skipWhitespace() {
            while let scalar = current, scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                index += 1
            }
        }

        mutating func literal(_ word: String) -> Bool {
            let expected = Array(word.unicodeScalars)
            guard index + expected.count <= scalars.count,
                scalars[index..<(index + expected.count)].elementsEqual(expected)
            else { return false }
            index += expected.count
            return true
        }

        mutating func value(depth: Int) -> Bool {
            // CPython raises RecursionError (not ValueError) far deeper than any response nests.
            guard depth < 10_000, let scalar = current else { return false }
            switch scalar {
            case "{": return object(depth: depth)
            case "[": return array(depth: depth)
            case "\"": return string()
            case "n": return literal("null")
            case "t": return literal("true")
            case "f": return literal("false")
            case "N": return literal("NaN")
            case "I": return literal("Infinity")
            case "-":
                if literal("-Infinity") { return true }
                return number()
            default: return number()
            }
        }

        mutating func object(depth: Int) -> Bool {
            index += 1
            skipWhitespace()
            if current == "}" {
                index += 1
                return true
            }
            while true {
                guard current == "\"", string() else { return false }
                skipWhitespace()
                guard current == ":" else { return false }
                index += 1
                skipWhitespace()
                guard value(depth: depth + 1) else { return false }
                skipWhitespace()
                switch current {
                case "}":
                    index += 1
                    return true
                case ",":
                    index += 1
                    skipWhitespace()
                default:
                    return false
                }
            }
        }

        mutating func array(depth: Int) -> Bool {
            index += 1
            skipWhitespace()
            if current == "]" {
                index += 1
                return true
            }
            while true {
                guard value(depth: depth + 1) else { return false }
                skipWhitespace()
                switch current {
                case "]":
                    index += 1
                    return true
                case ",":
                    index += 1
                    skipWhitespace()
                default:
                    return false
                }
            }
        }

        mutating func string() -> Bool {
            index += 1
            while let scalar = current {
                index += 1
                switch scalar {
                case "\"":
                    return true
                case "\\":
                    guard let escape = current else { return false }
                    index += 1
                    switch escape {
                    case "\"", "\\", "/", "b", "f", "n", "r", "t":
                        continue
                    case "u":
                        for _ in 0..<4 {
                            guard let digit = current, digit.properties.isASCIIHexDigit else { return false }
                            index += 1
                        }
                    default:
                        return false
                    }
                default:
                    if scalar.value < 0x20 { return false }
                }
            }
            return false
        }

        func isDigit(_ offset: Int) -> Bool {
            guard let scalar = index + offset < scalars.count ? scalars[index + offset] : nil else { return false }
            return scalar.value >= 0x30 && scalar.value <= 0x39
        }

        mutating func number() -> Bool {
            if current == "-" { index += 1 }
            guard isDigit(0) else { return false }
            if current == "0" {
                index += 1
            } else {
                while isDigit(0) { index += 1 }
            }
            if current == ".", isDigit(1) {
                index += 1
                while isDigit(0) { index += 1 }
            }
            if current == "e" || current == "E" {
                var offset = 1
                if let sign = index + 1 < scalars.count ? scalars[index + 1] : nil, sign == "+" || sign == "-" {
                    offset = 2
                }
                if isDigit(offset) {
                    index += offset
                    while isDigit(0) { index += 1 }
                }
            }
            return true
        }
    }

    /// `json.dumps(text)` with `ensure_ascii=True`: the quoted string, non-ASCII as `\uXXXX` (surrogate pairs above the BMP).
    package static func quoted(_ text: String, into output: inout [UInt8]) {
        output.append(0x22)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x22: output.append(contentsOf: [0x5C, 0x22])
            case 0x5C: output.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: output.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: output.append(contentsOf: [0x5C, 0x72])
            case 0x09: output.append(contentsOf: [0x5C, 0x74])
            case 0x08: output.append(contentsOf: [0x5C, 0x62])
            case 0x0C: output.append(contentsOf: [0x5C, 0x66])
            case 0x20...0x7E: output.append(UInt8(value))
            case 0x10000...:
                let offset = value - 0x10000
                appendEscape(0xD800 + (offset >> 10), into: &output)
                appendEscape(0xDC00 + (offset & 0x3FF), into: &output)
            default: appendEscape(value, into: &output)
            }
        }
        output.append(0x22)
    }

    private static func appendEscape(_ unit: UInt32, into output: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        output.append(contentsOf: [0x5C, 0x75])
        for shift in stride(from: 12, through: 0, by: -4) {
            output.append(hex[Int((unit >> UInt32(shift)) & 0xF)])
        }
    }
}
