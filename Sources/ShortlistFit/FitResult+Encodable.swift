// JSON shapes that include derived totals, so machines don't have to re-add them.

extension MemoryBreakdown {
    private enum CodingKeys: String, CodingKey {
        case gpuMemory, gpuMemoryIsNominal, utilization, budget, weights, rotaryCache, kvCache, kvCachePerSequence
        case kvCacheAvailable, overhead, total, headroom
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(gpuMemory, forKey: .gpuMemory)
        try container.encode(gpuMemoryIsNominal, forKey: .gpuMemoryIsNominal)
        try container.encode(utilization, forKey: .utilization)
        try container.encode(budget, forKey: .budget)
        try container.encode(weights, forKey: .weights)
        try container.encode(rotaryCache, forKey: .rotaryCache)
        try container.encode(kvCache, forKey: .kvCache)
        try container.encode(kvCachePerSequence, forKey: .kvCachePerSequence)
        try container.encode(kvCacheAvailable, forKey: .kvCacheAvailable)
        try container.encode(overhead, forKey: .overhead)
        try container.encode(total, forKey: .total)
        try container.encode(headroom, forKey: .headroom)
    }
}

extension RuntimeOverhead: Encodable {
    private enum CodingKeys: String, CodingKey {
        case engine, activations, sampler, nonTorch, cudaGraphs, computeBuffer, cudaContext, batchedTokens, sequences
        case total
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(engine, forKey: .engine)
        try container.encode(activations, forKey: .activations)
        try container.encode(sampler, forKey: .sampler)
        try container.encode(nonTorch, forKey: .nonTorch)
        try container.encode(cudaGraphs, forKey: .cudaGraphs)
        try container.encode(computeBuffer, forKey: .computeBuffer)
        try container.encode(cudaContext, forKey: .cudaContext)
        try container.encode(batchedTokens, forKey: .batchedTokens)
        try container.encode(sequences, forKey: .sequences)
        try container.encode(total, forKey: .total)
    }
}

extension FitRequest: Encodable {
    private enum CodingKeys: String, CodingKey {
        case weights, kvCache, context, concurrency, gpuCount, tensorParallel, replicas, engine, vllmVersion
        case gpuMemoryUtilization, enforceEager, maxBatchedTokens, maxSequences, swaFull, flashAttention
        case bandwidthEfficiency, computeEfficiency, promptTokens, outputTokens, typicalContext
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let engine = resolvedEngine
        try container.encode(weights, forKey: .weights)
        try container.encode(kvCache, forKey: .kvCache)
        try container.encode(context, forKey: .context)
        try container.encode(concurrency, forKey: .concurrency)
        try container.encode(gpuCount, forKey: .gpuCount)
        try container.encode(tensorParallel, forKey: .tensorParallel)
        try container.encode(replicas, forKey: .replicas)
        try container.encode(engine, forKey: .engine)
        if engine == .vllm {
            try container.encode(vllmVersion, forKey: .vllmVersion)
            try container.encode(resolvedUtilization, forKey: .gpuMemoryUtilization)
            try container.encode(enforceEager, forKey: .enforceEager)
            try container.encodeIfPresent(maxSequences, forKey: .maxSequences)
        } else {
            try container.encode(swaFull, forKey: .swaFull)
            try container.encode(flashAttention, forKey: .flashAttention)
        }
        try container.encodeIfPresent(maxBatchedTokens, forKey: .maxBatchedTokens)
        try container.encodeIfPresent(bandwidthEfficiency, forKey: .bandwidthEfficiency)
        try container.encode(computeEfficiency, forKey: .computeEfficiency)
        try container.encode(typicalPromptTokens, forKey: .promptTokens)
        try container.encode(outputTokens, forKey: .outputTokens)
        try container.encode(typicalContext, forKey: .typicalContext)
    }
}
