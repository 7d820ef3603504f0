internal import ShortlistSupport

/// One published fact with the source it came from.
///
/// Every number and claim in the catalog is a `Fact`: the value, the key of the source it was read
/// from (a key of the catalog's `sources:` block, or a URL), and an optional note. A `nil` value
/// means that nobody published it; it is never read as zero.
package struct Fact<Value: Sendable & Equatable>: Sendable, Equatable {
    package var value: Value?
    package var source: String
    package var note: String?
    package var also: [String]

    package init(_ value: Value?, source: String, note: String? = nil, also: [String] = []) {
        self.value = value
        self.source = source
        self.note = note
        self.also = also
    }

    /// The same fact with its value transformed, keeping the source.
    package func map<T>(_ transform: (Value) -> T) -> Fact<T> {
        Fact<T>(value.map(transform), source: source, note: note, also: also)
    }
}
