package import ShortlistSupport

/// One accelerator: memory, bandwidth, compute and a typical price, each with its source.
package struct GPUCard: Sendable, Equatable, Encodable, Identifiable {
    package var id: String
    package var name: String
    package var vendor: String
    package var kind: GPUKind
    /// HBM, GDDR or unified memory: decides how close an engine's decoding gets to the peak bandwidth.
    package var memoryType: GPUMemoryType
    package var aliases: [String]
    /// Memory in GiB (the vendor's "GB", which for GPU memory is binary).
    package var memoryGiB: Fact<Double>
    /// Total memory as CUDA reports it, in bytes.
    ///
    /// What `torch.cuda.get_device_properties(0).total_memory` and deviceQuery's "Total amount of global memory"
    /// print, and what vLLM multiplies by `gpu_memory_utilization`: a few percent below the vendor figure. Its
    /// value is `nil` where nobody published it.
    package var cudaTotalBytes: Fact<Double>?
    /// Memory bandwidth in GB/s.
    package var bandwidthGBps: Fact<Double>
    /// Dense BF16 tensor throughput in TFLOPS (no sparsity).
    package var bf16TFLOPS: Fact<Double>?
    package var fp8TFLOPS: Fact<Double>?
    package var int8TOPS: Fact<Double>?
    /// Dense FP16 tensor throughput with FP16 accumulation, where it differs from ``bf16TFLOPS`` (GeForce cards run
    /// FP16-accumulate at twice their FP32-accumulate rate); `nil` where it equals the BF16 figure.
    package var fp16AccumulateTFLOPS: Fact<Double>?
    /// A typical on-demand price for one GPU.
    package var usdPerHour: Fact<Double>?
    package var note: String?
    package var origin: SourceLocation

    package init(
        id: String,
        name: String,
        vendor: String,
        kind: GPUKind,
        memoryType: GPUMemoryType? = nil,
        aliases: [String],
        memoryGiB: Fact<Double>,
        cudaTotalBytes: Fact<Double>? = nil,
        bandwidthGBps: Fact<Double>,
        bf16TFLOPS: Fact<Double>? = nil,
        fp8TFLOPS: Fact<Double>? = nil,
        int8TOPS: Fact<Double>? = nil,
        fp16AccumulateTFLOPS: Fact<Double>? = nil,
        usdPerHour: Fact<Double>? = nil,
        note: String? = nil,
        origin: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.vendor = vendor
        self.kind = kind
        self.memoryType = memoryType ?? (kind == .apple ? .unified : .gddr)
        self.aliases = aliases
        self.memoryGiB = memoryGiB
        self.cudaTotalBytes = cudaTotalBytes
        self.bandwidthGBps = bandwidthGBps
        self.bf16TFLOPS = bf16TFLOPS
        self.fp8TFLOPS = fp8TFLOPS
        self.int8TOPS = int8TOPS
        self.fp16AccumulateTFLOPS = fp16AccumulateTFLOPS
        self.usdPerHour = usdPerHour
        self.note = note
        self.origin = origin
    }

    package var names: [String] { [id] + aliases }

    /// The vendor's memory in bytes.
    package var memoryBytes: Double? { memoryGiB.value.map { $0 * 1_073_741_824 } }

    /// The memory an engine sees: CUDA's total where published, else the vendor figure.
    package var engineMemoryBytes: Double? { cudaTotalBytes?.value ?? memoryBytes }

    /// Whether ``engineMemoryBytes`` fell back to the vendor figure, which overstates what an engine gets.
    package var engineMemoryIsNominal: Bool { cudaTotalBytes?.value == nil }
}

/// Where a GPU is typically found.
package enum GPUKind: String, YAMLEnum, Codable {
    case datacenter
    case consumer
    case apple
}

/// The kind of memory a GPU has.
package enum GPUMemoryType: String, YAMLEnum, Codable {
    /// Stacked high-bandwidth memory (A100, H100, H200).
    case hbm
    /// GDDR6, GDDR6X or GDDR7 (GeForce, L4, L40S, A10G).
    case gddr
    /// Memory shared by CPU and GPU (Apple silicon).
    case unified
}
