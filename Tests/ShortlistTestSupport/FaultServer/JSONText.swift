import ShortlistSupport

/// Writes JSON text by hand, so fields keep the order real servers send them in and no encoder runs per chunk.
enum JSONText {
    /// The JSON string literal for `text`, quotes included.
    static func string(_ text: String) -> String { JSONValue.string(text).canonicalText }
}
