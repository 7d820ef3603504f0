import ArgumentParser
import Foundation

/// A token count typed as `8192`, `8k` or `128K` (k = 1,024) or `1m` (1,048,576).
struct TokenCount: ExpressibleByArgument, Equatable {
    var value: Int

    init(_ value: Int) {
        self.value = value
    }

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "")
        var multiplier = 1
        var digits = Substring(text)
        if text.hasSuffix("k") {
            multiplier = 1024
            digits = digits.dropLast()
        } else if text.hasSuffix("m") {
            multiplier = 1_048_576
            digits = digits.dropLast()
        }
        guard let number = Int(digits), number >= 0 else { return nil }
        let (product, overflow) = number.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        value = product
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
