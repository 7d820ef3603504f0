/// A model's architecture as plain numbers: the input of all parameter and memory arithmetic.
///
/// Both catalog cards and imported Hugging Face `config.json` files produce a shape, so the same
/// formulas serve both. The formulas are documented in `docs/fit.md`.
package struct ArchitectureShape: Sendable, Equatable, Codable {
    package var layers: Int
    package var hiddenSize: Int
    package var intermediateSize: Int
    package var attentionHeads: Int
    package var kvHeads: Int
    package var headDim: Int
    package var vocabSize: Int
    package var tiedEmbeddings: Bool
    package var attentionBias: Bool
    package var qkNorm: QKNorm
    package var normsPerLayer: Int
    /// Sliding-window size in tokens, or `nil` for full attention everywhere.
    package var slidingWindow: Int?
    /// With a sliding window: the layers (0-based) that keep full attention; `nil` = every layer windowed.
    package var globalLayers: [Int]?
    package var moe: MixtureOfExperts?
    package var vision: VisionTower?

    /// Routed experts of a mixture-of-experts feed-forward block.
    package struct MixtureOfExperts: Sendable, Equatable, Codable {
        package var experts: Int
        package var expertsPerToken: Int
        package var expertIntermediateSize: Int

        package init(experts: Int, expertsPerToken: Int, expertIntermediateSize: Int) {
            self.experts = experts
            self.expertsPerToken = expertsPerToken
            self.expertIntermediateSize = expertIntermediateSize
        }
    }

    package init(
        layers: Int,
        hiddenSize: Int,
        intermediateSize: Int,
        attentionHeads: Int,
        kvHeads: Int,
        headDim: Int,
        vocabSize: Int,
        tiedEmbeddings: Bool,
        attentionBias: Bool = false,
        qkNorm: QKNorm = .none,
        normsPerLayer: Int = 2,
        slidingWindow: Int? = nil,
        globalLayers: [Int]? = nil,
        moe: MixtureOfExperts? = nil,
        vision: VisionTower? = nil
    ) {
        self.layers = layers
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.attentionHeads = attentionHeads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.vocabSize = vocabSize
        self.tiedEmbeddings = tiedEmbeddings
        self.attentionBias = attentionBias
        self.qkNorm = qkNorm
        self.normsPerLayer = normsPerLayer
        self.slidingWindow = slidingWindow
        self.globalLayers = globalLayers
        self.moe = moe
        self.vision = vision
    }
}

// MARK: - Parameters

extension ArchitectureShape {
    /// A breakdown of parameter counts by where they live.
    package struct ParameterCounts: Sendable, Equatable, Encodable {
        /// Token embedding matrix.
        package var embedding: Int
        /// Output projection (0 when tied to the embedding).
        package var lmHead: Int
        /// Attention projections, biases and q/k norms over all layers.
        package var attention: Int
        /// Feed-forward weights over all layers (all experts for MoE), including routers.
        package var feedForward: Int
        /// Layer norms and the final norm.
        package var norms: Int
        /// Vision tower and projector.
        package var vision: Int
        /// Parameters used for one token: all but the experts not routed to.
        package var active: Int

        package var total: Int { embedding + lmHead + attention + feedForward + norms + vision }
        /// Parameters of the language model alone.
        package var text: Int { total - vision }
        /// Everything but the embedding and the output projection.
        package var nonEmbedding: Int { total - embedding - lmHead }
        /// Parameters in linear layers that weight quantization compresses (attention and feed-forward).
        package var quantizable: Int { attention + feedForward }
    }

    /// Attention parameters of one layer.
    package var attentionParametersPerLayer: Int {
        let q = attentionHeads * headDim
        let kv = kvHeads * headDim
        var count = hiddenSize * q + 2 * hiddenSize * kv + q * hiddenSize
        if attentionBias { count += q + 2 * kv }
        switch qkNorm {
        case .none: break
        case .perHead: count += 2 * headDim
        case .full: count += q + kv
        }
        return count
    }

    /// Parameter counts computed from the architecture numbers.
    package var parameters: ParameterCounts {
        let embedding = vocabSize * hiddenSize
        let lmHead = tiedEmbeddings ? 0 : vocabSize * hiddenSize
        let attention = layers * attentionParametersPerLayer
        let norms = layers * normsPerLayer * hiddenSize + hiddenSize
        let feedForward: Int
        let activeFeedForward: Int
        if let moe {
            let router = hiddenSize * moe.experts
            let expert = 3 * hiddenSize * moe.expertIntermediateSize
            feedForward = layers * (router + moe.experts * expert)
            activeFeedForward = layers * (router + moe.expertsPerToken * expert)
        } else {
            feedForward = layers * 3 * hiddenSize * intermediateSize
            activeFeedForward = feedForward
        }
        let visionCount = vision.map { Self.visionParameters($0, textHidden: hiddenSize) } ?? 0
        return ParameterCounts(
            embedding: embedding,
            lmHead: lmHead,
            attention: attention,
            feedForward: feedForward,
            norms: norms,
            vision: visionCount,
            active: embedding + lmHead + attention + activeFeedForward + norms
        )
    }

    /// SigLIP vision transformer plus a linear projector into the text model.
    package static func visionParameters(_ tower: VisionTower, textHidden: Int) -> Int {
        let h = tower.hiddenSize
        let i = tower.intermediateSize
        let patches = (tower.imageSize / tower.patchSize) * (tower.imageSize / tower.patchSize)
        let embeddings = tower.channels * tower.patchSize * tower.patchSize * h + h + patches * h
        let layer = 4 * (h * h + h) + (h * i + i) + (i * h + h) + 4 * h
        let postNorm = 2 * h
        let projector = h * textHidden + h
        return embeddings + tower.layers * layer + postNorm + projector
    }
}

// MARK: - KV cache

extension ArchitectureShape {
    /// Layers that keep every token in the KV cache.
    package var fullAttentionLayerCount: Int {
        guard slidingWindow != nil else { return layers }
        return globalLayers?.filter { (0..<layers).contains($0) }.count ?? 0
    }

    /// Layers whose KV cache holds only the last `slidingWindow` tokens.
    package var slidingLayerCount: Int { layers - fullAttentionLayerCount }

    /// KV bytes one token adds in one layer: K and V, each `kvHeads × headDim` elements.
    package func kvBytesPerTokenPerLayer(bytesPerElement: Double = 2) -> Double {
        2 * Double(kvHeads * headDim) * bytesPerElement
    }

    /// KV bytes per token as the simple formula gives it, as if every layer attended to everything.
    package func kvBytesPerTokenAllLayers(bytesPerElement: Double = 2) -> Double {
        Double(layers) * kvBytesPerTokenPerLayer(bytesPerElement: bytesPerElement)
    }

    /// KV bytes each further token adds once the context is longer than the sliding window.
    package func kvBytesPerToken(bytesPerElement: Double = 2) -> Double {
        Double(fullAttentionLayerCount) * kvBytesPerTokenPerLayer(bytesPerElement: bytesPerElement)
    }

    /// KV-cache bytes of one sequence of `tokens` tokens, sliding-window aware.
    package func kvBytes(tokens: Int, bytesPerElement: Double = 2) -> Double {
        let perLayer = kvBytesPerTokenPerLayer(bytesPerElement: bytesPerElement)
        let full = Double(fullAttentionLayerCount) * perLayer * Double(tokens)
        let windowed = Double(slidingLayerCount) * perLayer * Double(Swift.min(tokens, slidingWindow ?? tokens))
        return full + windowed
    }
}
