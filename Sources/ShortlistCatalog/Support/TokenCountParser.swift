/// Reads token counts the way people write them: `8192`, `8k`, `128K` (k = 1,024), `1m` (1,048,576).
package enum TokenCountParser {
    package static func parse(_ text: String) -> Int? {
        var digits = Substring(text.lowercased().filter { $0 != "_" && $0 != " " && $0 != "," })
        var multiplier = 1
        if digits.hasSuffix("k") {
            multiplier = 1024
            digits = digits.dropLast()
        } else if digits.hasSuffix("m") {
            multiplier = 1_048_576
            digits = digits.dropLast()
        }
        guard let number = Int(digits), number >= 0 else { return nil }
        let (product, overflow) = number.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : product
    }
}
