internal import Foundation

extension Catalog {
    /// The model an endpoint serves under `servedName`, when the name identifies one.
    ///
    /// Servers name models their own way: vLLM by the Hugging Face repository (`Qwen/Qwen3-8B`), llama.cpp and
    /// TGI by a file or alias, Ollama as `family:tag` (`qwen3:8b`). Tried in order: the whole name (an id,
    /// repository or alias), the part after the last `/`, that part with a quantisation suffix such as
    /// `-AWQ` or `-GGUF` removed, and Ollama's `name:tag` as `name-tag`. `nil` when none matches.
    package func model(servedAs servedName: String) -> ModelCard? {
        var candidates = [servedName]
        let base = servedName.split(separator: "/").last.map(String.init) ?? servedName
        candidates.append(base)
        for suffix in ["-gguf", "-awq", "-gptq", "-fp8", "-int4", "-int8", "-bnb-4bit"]
        where base.lowercased().hasSuffix(suffix) {
            candidates.append(String(base.dropLast(suffix.count)))
        }
        if base.contains(":") { candidates.append(base.replacingOccurrences(of: ":", with: "-")) }
        for candidate in candidates {
            if let model = try? model(named: candidate) { return model }
        }
        return nil
    }
}
