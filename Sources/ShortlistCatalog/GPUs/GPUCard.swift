/// One accelerator: memory, bandwidth, compute and a typical price, each with its source.
package struct GPUCard: Sendable, Equatable, Encodable, Identifiable {
    package var id: String
    package var name: String
    package var vendor: String
    package var kind: GPUKind
    package var aliases: [String]
    /// Memory in GiB (the vendor's "GB", which for GPU memory is binary).
    package var memoryGiB: Fact<Double>
    /// Memory bandwidth in GB/s.
    package var bandwidthGBps: Fact<Double>
    /// Dense BF16 tensor throughput in TFLOPS (no sparsity).
    package var bf16TFLOPS: Fact<Double>?
    package var fp8TFLOPS: Fact<Double>?
    package var int8TOPS: Fact<Double>?
    /// A typical on-demand price for one GPU.
    package var usdPerHour: Fact<Double>?
    package var note: String?
    package var origin: SourceLocation

    package var names: [String] { [id] + aliases }

    /// Memory in bytes.
    package var memoryBytes: Double? { memoryGiB.value.map { $0 * 1_073_741_824 } }
}

/// Where a GPU is typically found.
package enum GPUKind: String, YAMLEnum, Codable {
    case datacenter
    case consumer
    case apple
}
