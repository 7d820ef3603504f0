import Foundation

/// One HTTP request as the fault server received it: method, target, headers and the whole body.
///
/// Tests read these back from ``FaultServer/requests`` to check what the client sent (a retry's headers,
/// the JSON of a chat request); the fault server keeps them in arrival order.
package struct RecordedRequest: Sendable {
    /// The request method, such as `POST`.
    package var method: String
    /// The request target as sent, query string included (`/v1/chat/completions?x=1`).
    package var path: String
    /// The headers in the order they were sent; names keep the client's spelling.
    package var headers: [(name: String, value: String)]
    /// The request body, exactly as received.
    package var body: [UInt8]

    /// Makes a request record; the fault server builds these, tests may build them to call a handler directly.
    package init(method: String, path: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// The path without its query string.
    package var pathWithoutQuery: String {
        String(path.prefix { $0 != "?" })
    }

    /// The first value of the header `name`, compared case-insensitively.
    package func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body decoded as UTF-8 (invalid bytes become U+FFFD).
    package var bodyString: String {
        String(decoding: body, as: UTF8.self)
    }

    /// The body parsed as a JSON object, or `nil` when it is empty or not a JSON object.
    package var json: [String: Any]? {
        guard !body.isEmpty else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }
}
