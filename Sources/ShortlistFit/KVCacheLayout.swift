package import ShortlistCatalog

/// How an engine lays out the KV cache of one model on one GPU, and what one sequence of it costs.
package enum KVCacheLayout: Sendable, Equatable, Encodable {
    /// vLLM's paged cache (`vllm/v1/core/kv_cache_utils.py`).
    ///
    /// Layers are grouped by attention type; every group holds `groupSize` layers (padding layers fill a type's
    /// last group) and all groups draw on one pool of blocks. A block of one group costs `groupSize × page`
    /// bytes. Full-attention groups need `⌈L/16⌉` blocks per sequence, sliding-window groups
    /// `⌈min(W − 1 + max_num_batched_tokens, L)/16⌉ + 1`. A model with one attention type is one group of every
    /// layer.
    case vllm(VLLMGroups)
    /// llama.cpp's cache (`src/llama-kv-cache.cpp`, `src/llama-kv-cache-iswa.cpp`): `--parallel P` slots of
    /// `pad256(L)` cells each in full-attention layers; sliding-window layers keep `pad256(min(L, W + n_ubatch))`
    /// cells per slot unless `--swa-full`.
    case llamaCpp(LlamaCppCells)

    package struct VLLMGroups: Sendable, Equatable, Encodable {
        /// Layers per group (the tensors a block spans).
        package var groupSize: Int
        package var fullGroups: Int
        package var slidingGroups: Int
        /// Layers added to fill the last group of a type.
        package var paddingLayers: Int
        /// Bytes of one 16-token block of one layer on one GPU.
        package var pageBytes: Double
        /// Blocks one sequence of the context holds, over all groups.
        package var blocksPerSequence: Int

        package var groups: Int { fullGroups + slidingGroups }
        package var isHybrid: Bool { fullGroups > 0 && slidingGroups > 0 }
    }

    package struct LlamaCppCells: Sendable, Equatable, Encodable {
        /// Cells per slot in full-attention layers (`n_ctx_seq`).
        package var fullCells: Int
        /// Cells per slot in sliding-window layers.
        package var slidingCells: Int
        /// What `--ctx-size` must be for every slot to get the context: slots × cells.
        package var contextSize: Int
    }

    /// Encodes the layout's own fields; the result's `engine` says which one it is.
    package func encode(to encoder: any Encoder) throws {
        switch self {
        case .vllm(let groups): try groups.encode(to: encoder)
        case .llamaCpp(let cells): try cells.encode(to: encoder)
        }
    }

    /// Bytes one sequence reserves on one GPU.
    package func bytesPerSequence(shape: ArchitectureShape, request: FitRequest) -> Double {
        switch self {
        case .vllm(let groups):
            return Double(groups.blocksPerSequence * groups.groupSize) * groups.pageBytes
        case .llamaCpp(let cells):
            let perCell = shape.kvBytesPerTokenPerLayer(bytesPerElement: request.kvCache.bytesPerElement)
            let bytes =
                Double(shape.fullAttentionLayerCount * cells.fullCells + shape.slidingLayerCount * cells.slidingCells)
                * perCell
            return bytes / Double(request.tensorParallel)
        }
    }

    static let blockSize = 16
    static let llamaCppPad = 256

    /// vLLM's grouping for this model and request.
    package static func vllm(shape: ArchitectureShape, request: FitRequest, batchedTokens: Int) -> VLLMGroups {
        let heads = Swift.max(1, shape.kvHeads / request.tensorParallel)
        let page = Double(blockSize * heads * 2 * shape.headDim) * request.kvCache.bytesPerElement
        let full = shape.fullAttentionLayerCount
        let sliding = shape.slidingLayerCount
        let fullBlocks = ceilDiv(request.context, blockSize)
        let slidingBlocks: Int
        if let window = shape.slidingWindow {
            slidingBlocks = ceilDiv(Swift.min(window - 1 + batchedTokens, request.context), blockSize) + 1
        } else {
            slidingBlocks = 0
        }
        guard full > 0, sliding > 0 else {
            return VLLMGroups(
                groupSize: shape.layers,
                fullGroups: full > 0 ? 1 : 0,
                slidingGroups: sliding > 0 ? 1 : 0,
                paddingLayers: 0,
                pageBytes: page,
                blocksPerSequence: full > 0 ? fullBlocks : slidingBlocks
            )
        }
        let smallest = Swift.min(full, sliding)
        let largest = Swift.max(full, sliding)
        let size = Double(largest) < 1.5 * Double(smallest) ? largest : smallest
        let fullGroups = ceilDiv(full, size)
        let slidingGroups = ceilDiv(sliding, size)
        return VLLMGroups(
            groupSize: size,
            fullGroups: fullGroups,
            slidingGroups: slidingGroups,
            paddingLayers: (fullGroups + slidingGroups) * size - shape.layers,
            pageBytes: page,
            blocksPerSequence: fullGroups * fullBlocks + slidingGroups * slidingBlocks
        )
    }

    /// llama.cpp's cells for `--parallel` slots of the context each (an explicit `--parallel`, so no unified cache).
    package static func llamaCpp(shape: ArchitectureShape, request: FitRequest, microBatch: Int) -> LlamaCppCells {
        let slots = Swift.max(1, request.concurrency)
        let cells = pad(request.context, llamaCppPad)
        var sliding = cells
        if let window = shape.slidingWindow, !request.swaFull {
            sliding = pad(Swift.min(cells, window + microBatch), llamaCppPad)
        }
        return LlamaCppCells(fullCells: cells, slidingCells: sliding, contextSize: cells * slots)
    }

    static func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }
    static func pad(_ a: Int, _ b: Int) -> Int { ceilDiv(a, b) * b }
}
