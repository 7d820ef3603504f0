package import ShortlistSupport

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

    package init(
        id: String,
        name: String,
        vendor: String,
        kind: GPUKind,
        aliases: [String],
        memoryGiB: Fact<Double>,
        bandwidthGBps: Fact<Double>,
        bf16TFLOPS: Fact<Double>? = nil,
        fp8TFLOPS: Fact<Double>? = nil,
        int8TOPS: Fact<Double>? = nil,
        usdPerHour: Fact<Double>? = nil,
        note: String? = nil,
        origin: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.vendor = vendor
        self.kind = kind
        self.aliases = aliases
        self.memoryGiB = memoryGiB
        self.bandwidthGBps = bandwidthGBps
        self.bf16TFLOPS = bf16TFLOPS
        self.fp8TFLOPS = fp8TFLOPS
        self.int8TOPS = int8TOPS
        self.usdPerHour = usdPerHour
        self.note = note
        self.origin = origin
    }

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
