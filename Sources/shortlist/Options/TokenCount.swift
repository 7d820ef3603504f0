import ArgumentParser
import ShortlistCatalog

/// A token count typed as `8192`, `8k` or `128K` (k = 1,024) or `1m` (1,048,576).
struct TokenCount: ExpressibleByArgument, Equatable {
    var value: Int

    init(_ value: Int) {
        self.value = value
    }

    init?(argument: String) {
        guard let value = TokenCountParser.parse(argument) else { return nil }
        self.value = value
    }
}
