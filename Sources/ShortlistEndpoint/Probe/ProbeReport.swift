package import Foundation

/// What an endpoint really supports, found by trying each feature.
package struct ProbeReport: Sendable, Codable, Equatable {
    package var endpoint: String
    package var model: String?
    package var models: [String]
    package var server: ServerIdentity
    package var features: [ProbeFeature]
    package var probedAt: Date

    package func feature(_ key: String) -> ProbeFeature? { features.first { $0.key == key } }
}

/// Who answers: the server software and its version, where the endpoint exposes them.
package struct ServerIdentity: Sendable, Codable, Equatable {
    /// `vllm`, `llama.cpp`, `llama-cpp-python`, `ollama`, `tgi` or `unknown`.
    package var kind: String
    package var version: String?
    /// The HTTP `Server` header.
    package var header: String?
}

/// One probed feature and the evidence for the verdict.
package struct ProbeFeature: Sendable, Codable, Equatable {
    package enum Status: String, Sendable, Codable {
        /// The feature works as the API describes.
        case yes
        /// The feature is missing or broken.
        case no
        /// The server accepted the parameter but did not act on it.
        case ignored
        /// The server rejected the parameter (4xx).
        case rejected
        /// Could not be decided (a prerequisite failed).
        case unknown
    }

    package var key: String
    package var label: String
    package var status: Status
    package var detail: String

    package init(key: String, label: String, status: Status, detail: String) {
        self.key = key
        self.label = label
        self.status = status
        self.detail = detail
    }
}
