// JSON shapes that include derived totals, so machines don't have to re-add them.

extension MemoryBreakdown {
    private enum CodingKeys: String, CodingKey {
        case gpuMemory, budget, weights, kvCache, kvCachePerSequence, overhead, total, headroom
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(gpuMemory, forKey: .gpuMemory)
        try container.encode(budget, forKey: .budget)
        try container.encode(weights, forKey: .weights)
        try container.encode(kvCache, forKey: .kvCache)
        try container.encode(kvCachePerSequence, forKey: .kvCachePerSequence)
        try container.encode(overhead, forKey: .overhead)
        try container.encode(total, forKey: .total)
        try container.encode(headroom, forKey: .headroom)
    }
}

extension RuntimeOverhead {
    private enum CodingKeys: String, CodingKey {
        case activations, logits, nonTorch, cudaGraphs, batchedTokens, sequences, total
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(activations, forKey: .activations)
        try container.encode(logits, forKey: .logits)
        try container.encode(nonTorch, forKey: .nonTorch)
        try container.encode(cudaGraphs, forKey: .cudaGraphs)
        try container.encode(batchedTokens, forKey: .batchedTokens)
        try container.encode(sequences, forKey: .sequences)
        try container.encode(total, forKey: .total)
    }
}

extension FitRequest {
    private enum CodingKeys: String, CodingKey {
        case weights, kvCache, context, concurrency, gpuCount, tensorParallel, replicas, gpuMemoryUtilization
        case maxBatchedTokens, maxSequences, bandwidthEfficiency, computeEfficiency, promptTokens
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(weights, forKey: .weights)
        try container.encode(kvCache, forKey: .kvCache)
        try container.encode(context, forKey: .context)
        try container.encode(concurrency, forKey: .concurrency)
        try container.encode(gpuCount, forKey: .gpuCount)
        try container.encode(tensorParallel, forKey: .tensorParallel)
        try container.encode(replicas, forKey: .replicas)
        try container.encode(gpuMemoryUtilization, forKey: .gpuMemoryUtilization)
        try container.encodeIfPresent(maxBatchedTokens, forKey: .maxBatchedTokens)
        try container.encodeIfPresent(maxSequences, forKey: .maxSequences)
        try container.encode(bandwidthEfficiency, forKey: .bandwidthEfficiency)
        try container.encode(computeEfficiency, forKey: .computeEfficiency)
        try container.encode(promptTokens ?? context, forKey: .promptTokens)
    }
}
