/// A strict RFC 8259 parser from UTF-8 bytes to `JSONValue`.
///
/// The client reads a JSON object per streamed chunk, and Foundation's `JSONDecoder` spent a third of the
/// harness's CPU doing it; this byte-level parser does the same job several times faster. A number with a
/// fraction or an exponent becomes `.double`, any other `.integer` (or `.double` beyond `Int`'s range); invalid UTF-8 inside strings is repaired as `String(decoding:)` does.
package enum JSONParser {
    package struct Failure: Error, Equatable {
        package var offset: Int
    }

    package static func parse(_ text: String) throws(Failure) -> JSONValue {
        var text = text
        let result: Result<JSONValue, Failure> = text.withUTF8 { bytes in
            do throws(Failure) {
                return .success(try parse(bytes))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    package static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> JSONValue {
        var reader = Reader(bytes: bytes)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.position == bytes.count else { throw Failure(offset: reader.position) }
        return value
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipSpace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        func fail() -> Failure { Failure(offset: position) }

        mutating func expect(_ literal: StaticString) throws(Failure) {
            let count = literal.utf8CodeUnitCount
            guard position + count <= bytes.count else { throw fail() }
            for index in 0..<count where bytes[position + index] != literal.utf8Start[index] { throw fail() }
            position += count
        }

        mutating func value(depth: Int) throws(Failure) -> JSONValue {
            guard depth < 512, let byte = current else { throw fail() }
            switch byte {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"):
                try expect("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try expect("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try expect("null")
                return .null
            default: return try number()
            }
        }

        mutating func object(depth: Int) throws(Failure) -> JSONValue {
            position += 1
            var fields: [String: JSONValue] = [:]
            skipSpace()
            if current == UInt8(ascii: "}") {
                position += 1
                return .object(fields)
            }
            while true {
                skipSpace()
                guard current == UInt8(ascii: "\"") else { throw fail() }
                let key = try string()
                skipSpace()
                guard current == UInt8(ascii: ":") else { throw fail() }
                position += 1
                skipSpace()
                fields[key] = try value(depth: depth + 1)
                skipSpace()
                switch current {
                case UInt8(ascii: ",")?: position += 1
                case UInt8(ascii: "}")?:
                    position += 1
                    return .object(fields)
                default: throw fail()
                }
            }
        }

        mutating func array(depth: Int) throws(Failure) -> JSONValue {
            position += 1
            var values: [JSONValue] = []
            skipSpace()
            if current == UInt8(ascii: "]") {
                position += 1
                return .array(values)
            }
            while true {
                skipSpace()
                values.append(try value(depth: depth + 1))
                skipSpace()
                switch current {
                case UInt8(ascii: ",")?: position += 1
                case UInt8(ascii: "]")?:
                    position += 1
                    return .array(values)
                default: throw fail()
                }
            }
        }

        mutating func string() throws(Failure) -> String {
            position += 1
            let start = position
            // Fast path: no escapes.
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                    position += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                guard byte >= 0x20 else { throw fail() }
                position += 1
            }
            var buffer = Array(bytes[start..<position])
            while position < bytes.count {
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "\""):
                    position += 1
                    return String(decoding: buffer, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    position += 1
                    guard let escape = current else { throw fail() }
                    position += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escape)
                    case UInt8(ascii: "b"): buffer.append(0x08)
                    case UInt8(ascii: "f"): buffer.append(0x0C)
                    case UInt8(ascii: "n"): buffer.append(0x0A)
                    case UInt8(ascii: "r"): buffer.append(0x0D)
                    case UInt8(ascii: "t"): buffer.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800...0xDBFF).contains(scalar), position + 1 < bytes.count,
                            bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
                        {
                            let saved = position
                            position += 2
                            let low = try hex4()
                            if (0xDC00...0xDFFF).contains(low) {
                                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                position = saved
                            }
                        }
                        let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                        buffer.append(contentsOf: Array(String(character).utf8))
                    default: throw fail()
                    }
                default:
                    guard byte >= 0x20 else { throw fail() }
                    buffer.append(byte)
                    position += 1
                }
            }
            throw fail()
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard position + 4 <= bytes.count else { throw fail() }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw fail()
                }
                value = value << 4 | digit
                position += 1
            }
            return value
        }

        mutating func number() throws(Failure) -> JSONValue {
            let start = position
            var integral = true
            if current == UInt8(ascii: "-") { position += 1 }
            guard let first = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { throw fail() }
            if first == UInt8(ascii: "0") {
                position += 1
            } else {
                digits()
            }
            if current == UInt8(ascii: ".") {
                integral = false
                position += 1
                guard digits() > 0 else { throw fail() }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                integral = false
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard digits() > 0 else { throw fail() }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            if integral, let value = Int(text) { return .integer(value) }
            guard let value = Double(text) else { throw Failure(offset: start) }
            return .double(value)
        }

        @discardableResult
        mutating func digits() -> Int {
            let start = position
            while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
            return position - start
        }
    }
}
