import Foundation

/// The figures a vLLM server prints while it starts: its settings and its memory and KV-cache numbers.
///
/// Read from the lines vLLM writes at INFO level (formats from `vllm/v1/worker/gpu_model_runner.py`,
/// `vllm/v1/worker/gpu_worker.py` and `vllm/v1/core/kv_cache_utils.py`). With tensor parallelism every worker
/// prints its own memory lines; the first one (rank 0) is kept. Each figure remembers its line.
package struct VLLMStartupLog: Sendable, Equatable, Encodable {
    /// A value and the 1-based line it came from.
    package struct Logged<Value: Sendable & Equatable & Encodable>: Sendable, Equatable, Encodable {
        package var value: Value
        package var line: Int
    }

    package var version: Logged<String>?
    package var model: Logged<String>?
    /// The dtype as vLLM prints it, without `torch.` (`bfloat16`, `float16`).
    package var dtype: Logged<String>?
    package var maxModelLength: Logged<Int>?
    package var tensorParallel: Logged<Int>?
    package var enforceEager: Logged<Bool>?
    package var quantization: Logged<String>?
    package var kvCacheDType: Logged<String>?
    /// From the "non-default args" line; absent means vLLM's default of 0.9.
    package var gpuMemoryUtilization: Logged<Double>?
    package var maxNumSequences: Logged<Int>?
    package var maxNumBatchedTokens: Logged<Int>?
    /// "Model loading took X GiB": the weights on one GPU.
    package var modelLoadingGiB: Logged<Double>?
    /// "Available KV cache memory: X GiB".
    package var availableKVCacheGiB: Logged<Double>?
    /// "GPU KV cache size: N tokens".
    package var kvCacheTokens: Logged<Int>?
    /// "Maximum concurrency for N tokens per request: Xx".
    package var maxConcurrencyTokens: Logged<Int>?
    package var maxConcurrency: Logged<Double>?
    /// "Graph capturing finished in S secs, took X GiB".
    package var cudaGraphGiB: Logged<Double>?

    /// Whether any of the memory figures was found.
    package var hasMemoryFigures: Bool {
        modelLoadingGiB != nil || availableKVCacheGiB != nil || kvCacheTokens != nil || maxConcurrency != nil
    }

    /// Parses a log; lines that aren't vLLM's startup lines are skipped.
    package init(parsing text: String) {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            read(String(line), number: index + 1)
        }
    }

    private mutating func read(_ line: String, number: Int) {
        // Tensor-parallel workers other than rank 0 repeat the memory lines with their own figures.
        if line.contains(/\bVllmWorker rank=[1-9]/) { return }
        func keep<V>(_ slot: inout Logged<V>?, _ value: V?) {
            guard slot == nil, let value else { return }
            slot = Logged(value: value, line: number)
        }
        if let range = line.range(of: "with config: ") {
            let config = Self.keyValues(String(line[range.upperBound...]))
            if let match = line.firstMatch(of: /LLM engine \(v([^)\s]+)\)/) { keep(&version, String(match.1)) }
            keep(&model, config["model"].map(Self.unquoted))
            keep(&dtype, config["dtype"].map { $0.replacingOccurrences(of: "torch.", with: "") })
            keep(&maxModelLength, config["max_seq_len"].flatMap { Int($0) })
            keep(&tensorParallel, config["tensor_parallel_size"].flatMap { Int($0) })
            keep(&enforceEager, config["enforce_eager"].flatMap { Bool($0.lowercased()) })
            keep(&quantization, config["quantization"].flatMap { $0 == "None" ? nil : Self.unquoted($0) })
            keep(&kvCacheDType, config["kv_cache_dtype"].map(Self.unquoted))
            return
        }
        if line.contains("non-default args:") {
            if let match = line.firstMatch(of: /'gpu_memory_utilization': ([0-9.eE+-]+)/) {
                keep(&gpuMemoryUtilization, Double(match.1))
            }
            if let match = line.firstMatch(of: /'max_num_seqs': ([0-9]+)/) { keep(&maxNumSequences, Int(match.1)) }
            if let match = line.firstMatch(of: /'max_num_batched_tokens': ([0-9]+)/) {
                keep(&maxNumBatchedTokens, Int(match.1))
            }
            if let match = line.firstMatch(of: /'max_model_len': ([0-9]+)/) { keep(&maxModelLength, Int(match.1)) }
            if let match = line.firstMatch(of: /'tensor_parallel_size': ([0-9]+)/) {
                keep(&tensorParallel, Int(match.1))
            }
            if let match = line.firstMatch(of: /'enforce_eager': (True|False)/) {
                keep(&enforceEager, match.1 == "True")
            }
            return
        }
        if version == nil, let match = line.firstMatch(of: /vLLM API server version ([0-9][^\s,]*)/) {
            keep(&version, String(match.1))
        }
        if let match = line.firstMatch(of: /Chunked prefill is enabled with max_num_batched_tokens=([0-9]+)/) {
            keep(&maxNumBatchedTokens, Int(match.1))
        }
        if let match = line.firstMatch(of: /Using max model len ([0-9]+)/) { keep(&maxModelLength, Int(match.1)) }
        if let match = line.firstMatch(of: /Model loading took ([0-9.]+) ?GiB/) {
            keep(&modelLoadingGiB, Double(match.1))
        } else if let match = line.firstMatch(of: /Available KV cache memory: ([0-9.]+) ?GiB/) {
            keep(&availableKVCacheGiB, Double(match.1))
        } else if let match = line.firstMatch(of: /GPU KV cache size: ([0-9,]+) tokens/) {
            keep(&kvCacheTokens, Int(match.1.replacingOccurrences(of: ",", with: "")))
        } else if let match = line.firstMatch(of: /Maximum concurrency for ([0-9,]+) tokens per request: ([0-9.]+)x/) {
            keep(&maxConcurrencyTokens, Int(match.1.replacingOccurrences(of: ",", with: "")))
            keep(&maxConcurrency, Double(match.2))
        } else if let match = line.firstMatch(of: /Graph capturing finished in [0-9.]+ secs?, took ([0-9.]+) GiB/) {
            keep(&cudaGraphGiB, Double(match.1))
        }
    }

    /// Splits vLLM's `key=value, key=value` config text; values with brackets or quotes keep their commas.
    static func keyValues(_ text: String) -> [String: String] {
        var pairs: [String: String] = [:]
        var depth = 0
        var quote: Character?
        var current = ""
        func flush() {
            let item = current.trimmingCharacters(in: .whitespaces)
            current = ""
            guard let equals = item.firstIndex(of: "=") else { return }
            let key = String(item[..<equals])
            guard pairs[key] == nil, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return }
            pairs[key] = String(item[item.index(after: equals)...])
        }
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if "([{".contains(character) {
                depth += 1
            } else if ")]}".contains(character) {
                depth = Swift.max(0, depth - 1)
            } else if character == ",", depth == 0 {
                flush()
                continue
            }
            current.append(character)
        }
        flush()
        return pairs
    }

    private static func unquoted(_ text: String) -> String {
        text.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
    }
}
