internal import Foundation
internal import ShortlistSupport

/// Probes an OpenAI-compatible endpoint for the features an evaluation relies on.
///
/// Each feature is tried with a small real request and judged from what comes back, never from
/// what the server claims: usage in streams, whether a long prompt really reaches the model
/// (silent truncation), `max_tokens`, `min_tokens`/`ignore_eos`, `seed`, logprobs, JSON mode,
/// grammar-constrained output, tokenization, server identity and chat-template stability.
package struct EndpointProbe: Sendable {
    package enum Depth: String, Sendable, CaseIterable {
        /// Models, server identity, streaming and usage: what every run records.
        case light
        /// Everything, including the long-context test.
        case full
    }

    package let client: ChatClient
    /// Prompt tokens for the context test.
    package var contextTokens: Int

    package init(client: ChatClient, contextTokens: Int = 2048) {
        self.client = client
        self.contextTokens = contextTokens
    }

    package func run(model requested: String?, depth: Depth = .full) async -> ProbeReport {
        var features: [ProbeFeature] = []
        var models: [String] = []
        do {
            models = try await client.listModels()
            features.append(
                ProbeFeature(key: "models", label: "GET /models", status: .yes, detail: models.joined(separator: ", "))
            )
        } catch {
            features.append(ProbeFeature(key: "models", label: "GET /models", status: .no, detail: error.description))
        }
        let model = requested ?? models.first
        let server = await identify()
        guard let model else {
            return ProbeReport(
                endpoint: client.configuration.baseURL,
                model: nil,
                models: models,
                server: server,
                features: features,
                probedAt: Date()
            )
        }
        if !models.isEmpty && !models.contains(model) {
            features.append(
                ProbeFeature(
                    key: "model-listed",
                    label: "model listed",
                    status: .no,
                    detail: "'\(model)' is not among the listed models"
                )
            )
        }
        let basic = await chat(model, [.user("Say hello.")], ["max_tokens": .number(8)])
        features.append(basic.feature(key: "chat", label: "chat completions"))
        if let body = basic.body {
            let usage = body["usage"]?["prompt_tokens"]?.numberValue != nil
            features.append(
                ProbeFeature(
                    key: "usage",
                    label: "usage (non-streaming)",
                    status: usage ? .yes : .no,
                    detail: usage ? "prompt and completion token counts reported" : "no usage object"
                )
            )
        }
        features += await streaming(model)
        if depth == .full {
            features.append(await maxTokens(model))
            features.append(await minTokens(model))
            features.append(await seed(model))
            features.append(await logprobs(model))
            features.append(await jsonMode(model))
            features.append(await grammar(model))
            let tokenizer = await tokenize(model, text: "The quick brown fox jumps over the lazy dog.")
            features.append(tokenizer.feature)
            features.append(await context(model, tokenizer: tokenizer))
            features.append(await template(model))
            features.append(await metrics())
        }
        return ProbeReport(
            endpoint: client.configuration.baseURL,
            model: model,
            models: models,
            server: server,
            features: features,
            probedAt: Date()
        )
    }

    // MARK: Features

    private func streaming(_ model: String) async -> [ProbeFeature] {
        var features: [ProbeFeature] = []
        do {
            let result = try await client.complete(
                ChatRequest(
                    model: model,
                    messages: [.user("Count from 1 to 5.")],
                    sampling: SamplingParameters(maxTokens: 16, temperature: 0),
                    stream: true,
                    includeUsage: true
                )
            )
            features.append(
                ProbeFeature(
                    key: "streaming",
                    label: "streaming (SSE)",
                    status: result.streamed && result.contentChunks > 0 ? .yes : .no,
                    detail: result.streamed
                        ? "\(result.contentChunks) content chunks" : "the server answered without an event stream"
                )
            )
            features.append(
                ProbeFeature(
                    key: "stream-usage",
                    label: "usage in streams (stream_options.include_usage)",
                    status: result.usage == nil ? .no : .yes,
                    detail: result.usage.map { "\($0.promptTokens) prompt + \($0.completionTokens) completion tokens" }
                        ?? "no usage chunk: token counts must come from elsewhere"
                )
            )
        } catch {
            features.append(
                ProbeFeature(key: "streaming", label: "streaming (SSE)", status: .no, detail: error.description)
            )
            features.append(
                ProbeFeature(
                    key: "stream-usage",
                    label: "usage in streams (stream_options.include_usage)",
                    status: .unknown,
                    detail: "streaming failed"
                )
            )
        }
        return features
    }

    private func maxTokens(_ model: String) async -> ProbeFeature {
        let label = "max_tokens honoured"
        let reply = await chat(
            model,
            [.user("Write a long essay about the history of the bicycle.")],
            ["max_tokens": .number(4), "temperature": .number(0)]
        )
        guard let body = reply.body else { return reply.feature(key: "max-tokens", label: label) }
        let completion = body["usage"]?["completion_tokens"]?.numberValue
        let finish = Self.choice(body)?["finish_reason"]?.stringValue
        if let completion {
            return ProbeFeature(
                key: "max-tokens",
                label: label,
                status: completion <= 4 ? .yes : .no,
                detail: "asked for 4, got \(Int(completion)) tokens (finish: \(finish ?? "none"))"
            )
        }
        return ProbeFeature(
            key: "max-tokens",
            label: label,
            status: finish == "length" ? .yes : .unknown,
            detail: "no usage; finish reason \(finish ?? "none")"
        )
    }

    private func minTokens(_ model: String) async -> ProbeFeature {
        let label = "min_tokens / ignore_eos"
        let prompt: [ChatMessage] = [.user("Reply with the single word OK.")]
        // A control without the parameters first: only a model that stops early on its own can show them working.
        let control = await chat(model, prompt, ["max_tokens": .number(24), "temperature": .number(0)])
        let reply = await chat(
            model,
            prompt,
            [
                "max_tokens": .number(24), "min_tokens": .number(24), "ignore_eos": .bool(true),
                "temperature": .number(0),
            ]
        )
        guard let body = reply.body else { return reply.feature(key: "min-tokens", label: label) }
        guard let completion = body["usage"]?["completion_tokens"]?.numberValue,
            let baseline = control.body?["usage"]?["completion_tokens"]?.numberValue
        else {
            return ProbeFeature(key: "min-tokens", label: label, status: .unknown, detail: "no usage to count tokens")
        }
        guard baseline < 24 else {
            return ProbeFeature(
                key: "min-tokens",
                label: label,
                status: .unknown,
                detail: "the model used all 24 tokens even without the parameters, so they cannot be told apart"
            )
        }
        return ProbeFeature(
            key: "min-tokens",
            label: label,
            status: completion == 24 ? .yes : .ignored,
            detail: "\(Int(baseline)) tokens without them; asked for exactly 24, got \(Int(completion))"
        )
    }

    private func seed(_ model: String) async -> ProbeFeature {
        let label = "seed reproducibility"
        let parameters: [String: JSONValue] = [
            "max_tokens": .number(24), "temperature": .number(1.0), "seed": .number(1234),
        ]
        let prompt: [ChatMessage] = [.user("Invent a name for a new colour and describe it in one sentence.")]
        let first = await chat(model, prompt, parameters)
        let second = await chat(model, prompt, parameters)
        guard let one = first.content, let two = second.content else { return first.feature(key: "seed", label: label) }
        return ProbeFeature(
            key: "seed",
            label: label,
            status: one == two ? .yes : .no,
            detail: one == two ? "same text twice at temperature 1" : "different text twice with the same seed"
        )
    }

    private func logprobs(_ model: String) async -> ProbeFeature {
        let reply = await chat(
            model,
            [.user("Say yes.")],
            ["max_tokens": .number(2), "logprobs": .bool(true), "top_logprobs": .number(2)]
        )
        guard let body = reply.body else { return reply.feature(key: "logprobs", label: "logprobs") }
        let present: Bool
        switch Self.choice(body)?["logprobs"] {
        case nil, .null?: present = false
        default: present = true
        }
        return ProbeFeature(
            key: "logprobs",
            label: "logprobs",
            status: present ? .yes : .ignored,
            detail: present ? "token log-probabilities returned" : "accepted but no logprobs in the response"
        )
    }

    private func jsonMode(_ model: String) async -> ProbeFeature {
        let label = "JSON mode (response_format json_object)"
        let reply = await chat(
            model,
            [.user("Give a JSON object with a key \"colour\" set to a colour name.")],
            [
                "max_tokens": .number(32), "temperature": .number(0),
                "response_format": .object(["type": .string("json_object")]),
            ]
        )
        guard let content = reply.content else { return reply.feature(key: "json-mode", label: label) }
        let valid =
            (try? JSONDecoder().decode(JSONValue.self, from: Data(content.utf8))).map {
                if case .object = $0 { true } else { false }
            } ?? false
        return ProbeFeature(
            key: "json-mode",
            label: label,
            status: valid ? .yes : .ignored,
            detail: valid ? "the reply is a JSON object" : "the reply is not JSON: '\(content.prefix(40))'"
        )
    }

    private func grammar(_ model: String) async -> ProbeFeature {
        let label = "constrained output (structured_outputs / guided_choice / GBNF grammar)"
        let prompt: [ChatMessage] = [.user("Name a planet.")]
        let choices: JSONValue = .array([.string("zebra"), .string("walrus")])
        // vLLM 0.32 silently ignores the older `guided_choice`; `structured_outputs` is how it constrains now.
        let attempts: [(String, [String: JSONValue])] = [
            ("vLLM structured_outputs", ["structured_outputs": .object(["choice": choices])]),
            ("vLLM guided_choice", ["guided_choice": choices]),
            ("llama.cpp grammar", ["grammar": .string("root ::= \"zebra\" | \"walrus\"")]),
        ]
        var notes: [String] = []
        for (name, extra) in attempts {
            var parameters: [String: JSONValue] = ["max_tokens": .number(8), "temperature": .number(0)]
            parameters.merge(extra) { _, new in new }
            let reply = await chat(model, prompt, parameters)
            if let content = reply.content?.trimmingCharacters(in: .whitespacesAndNewlines),
                content == "zebra" || content == "walrus"
            {
                return ProbeFeature(key: "grammar", label: label, status: .yes, detail: "\(name) constrains the output")
            }
            notes.append("\(name): \(reply.status.map { "HTTP \($0)" } ?? reply.error ?? "?")")
        }
        return ProbeFeature(key: "grammar", label: label, status: .no, detail: notes.joined(separator: "; "))
    }

    struct Tokenizer {
        var path: String?
        /// The body field that carries the text: `prompt` (vLLM), `content` (llama.cpp) or `input` (llama-cpp-python).
        var field: String?
        var count: Int?
        var feature: ProbeFeature

        func body(_ text: String, model: String) -> JSONValue? {
            guard let field else { return nil }
            var fields: [String: JSONValue] = [field: .string(text)]
            if field == "prompt" { fields["model"] = .string(model) }
            return .object(fields)
        }
    }

    private func tokenize(_ model: String, text: String) async -> Tokenizer {
        let attempts: [(path: String, field: String)] = [
            ("/tokenize", "prompt"), ("/tokenize", "content"), ("/extras/tokenize", "input"),
        ]
        for (path, field) in attempts {
            let probe = Tokenizer(
                path: path,
                field: field,
                count: nil,
                feature: ProbeFeature(key: "", label: "", status: .unknown, detail: "")
            )
            guard let body = probe.body(text, model: model),
                let count = await countTokens(path: path, body: body)
            else { continue }
            return Tokenizer(
                path: path,
                field: field,
                count: count,
                feature: ProbeFeature(
                    key: "tokenize",
                    label: "tokenize endpoint",
                    status: .yes,
                    detail: "POST \(path): a 9-word sentence is \(count) tokens"
                )
            )
        }
        return Tokenizer(
            path: nil,
            field: nil,
            count: nil,
            feature: ProbeFeature(
                key: "tokenize",
                label: "tokenize endpoint",
                status: .no,
                detail: "none of /tokenize, /extras/tokenize answered"
            )
        )
    }

    private func countTokens(path: String, body: JSONValue) async -> Int? {
        guard let response = try? await client.send("POST", path: path, json: body), response.status < 300,
            let value = try? JSONDecoder().decode(JSONValue.self, from: Data(response.body.utf8))
        else { return nil }
        // A server that ignores the field it was sent answers with no tokens (vLLM's `/tokenize` given llama.cpp's
        // `content`, and the reverse): a sentence is never zero tokens, so try the next form.
        let count = value["count"]?.integerValue ?? value["tokens"]?.arrayValue?.count
        return count.flatMap { $0 > 0 ? $0 : nil }
    }

    /// `GET /metrics` at the server root: a Prometheus endpoint, named by its metric family (`vllm:`, `llamacpp:`).
    private func metrics() async -> ProbeFeature {
        let label = "Prometheus metrics (GET /metrics)"
        guard let response = try? await client.send("GET", path: "/metrics"), response.status < 300 else {
            return ProbeFeature(key: "metrics", label: label, status: .no, detail: "GET /metrics did not answer 2xx")
        }
        let samples = response.body.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        let prometheus = #"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? [-+0-9.eEInfNa]+( [0-9]+)?$"#
        let isSample = { (line: Substring) in String(line).range(of: prometheus, options: .regularExpression) != nil }
        guard !samples.isEmpty, samples.allSatisfy(isSample) else {
            return ProbeFeature(
                key: "metrics",
                label: label,
                status: .no,
                detail: "GET /metrics is not Prometheus text"
            )
        }
        let families = ["vllm:", "llamacpp:", "tgi_"].filter { family in samples.contains { $0.hasPrefix(family) } }
        let named = families.isEmpty ? "no engine family" : families.map { "'\($0)'" }.joined(separator: ", ")
        return ProbeFeature(
            key: "metrics",
            label: label,
            status: .yes,
            detail: "\(samples.count) samples, \(named)"
        )
    }

    /// A needle early in a prompt of `contextTokens` tokens must reach the model.
    private func context(_ model: String, tokenizer: Tokenizer) async -> ProbeFeature {
        let label = "context of \(contextTokens) tokens honoured"
        let sentence = "The committee reviewed the quarterly figures and agreed to meet again next week. "
        // Tokens per filler sentence: measured when the server tokenizes, else about 1 per 4.5 characters.
        var perSentence = Double(sentence.count) / 4.5
        if let path = tokenizer.path, let body = tokenizer.body(sentence, model: model),
            let count = await countTokens(path: path, body: body), count > 0
        {
            perSentence = Double(count)
        }
        let budget = Double(contextTokens) * 0.9 - 80
        let repeats = max(1, Int(budget / perSentence))
        let code = "7391"
        let prompt =
            "The secret code is \(code). Remember it.\n\n" + String(repeating: sentence, count: repeats)
            + "\n\nWhat is the secret code? Reply with the number only."
        let expected = Int(Double(repeats) * perSentence) + 20
        let reply = await chat(model, [.user(prompt)], ["max_tokens": .number(8), "temperature": .number(0)])
        guard let body = reply.body else {
            if let status = reply.status, status == 400 || status == 413 {
                return ProbeFeature(
                    key: "context",
                    label: label,
                    status: .no,
                    detail: "a ~\(expected)-token prompt was rejected (HTTP \(status))"
                )
            }
            return reply.feature(key: "context", label: label)
        }
        let retrieved = reply.content?.contains(code) ?? false
        let counted = body["usage"]?["prompt_tokens"]?.numberValue.map(Int.init)
        let needle = retrieved ? "needle retrieved" : "needle not retrieved"
        if let counted {
            let honoured = Double(counted) >= 0.9 * Double(expected)
            return ProbeFeature(
                key: "context",
                label: label,
                status: honoured ? .yes : .no,
                detail: honoured
                    ? "the server counted \(counted) prompt tokens of ~\(expected) sent; \(needle)"
                    : "the server counted only \(counted) prompt tokens of ~\(expected) sent: silent truncation; \(needle)"
            )
        }
        return ProbeFeature(
            key: "context",
            label: label,
            status: retrieved ? .yes : .no,
            detail: retrieved
                ? "needle at the start of ~\(expected) tokens retrieved" : "no usage and the needle was not retrieved"
        )
    }

    /// The same conversation rendered twice must give the same prompt: a stable chat template.
    private func template(_ model: String) async -> ProbeFeature {
        let label = "chat template fingerprint"
        let conversation: [ChatMessage] = [.system("You are a probe."), .user("Reply with OK.")]
        let parameters: [String: JSONValue] = ["max_tokens": .number(1), "temperature": .number(0)]
        let first = await chat(model, conversation, parameters)
        let second = await chat(model, conversation, parameters)
        let userOnly = await chat(model, [.user("Reply with OK.")], parameters)
        func tokens(_ reply: ChatReply) -> Int? { reply.body?["usage"]?["prompt_tokens"]?.numberValue.map(Int.init) }
        guard let one = tokens(first), let two = tokens(second) else {
            return ProbeFeature(
                key: "template",
                label: label,
                status: .unknown,
                detail: "no prompt token counts reported"
            )
        }
        let single = tokens(userOnly).map { String($0) } ?? "?"
        let fingerprint = "system+user=\(one), user=\(single)"
        return ProbeFeature(
            key: "template",
            label: label,
            status: one == two ? .yes : .no,
            detail: one == two ? "stable: \(fingerprint) prompt tokens" : "unstable: \(one) then \(two) prompt tokens"
        )
    }

    // MARK: Server identity

    private func identify() async -> ServerIdentity {
        var header: String?
        if let response = try? await client.send("GET", path: "models") { header = response.header("Server") }
        func get(_ path: String) async -> JSONValue? {
            guard let response = try? await client.send("GET", path: path), response.status == 200 else { return nil }
            if header == nil { header = response.header("Server") }
            return try? JSONDecoder().decode(JSONValue.self, from: Data(response.body.utf8))
        }
        if let value = await get("/api/version"), let version = value["version"]?.stringValue {
            return ServerIdentity(kind: "ollama", version: version, header: header)
        }
        if let value = await get("/version"), let version = value["version"]?.stringValue {
            return ServerIdentity(kind: "vllm", version: version, header: header)
        }
        if let value = await get("/info"), value["model_id"] != nil {
            return ServerIdentity(kind: "tgi", version: value["version"]?.stringValue, header: header)
        }
        if let value = await get("/props"), value["default_generation_settings"] != nil || value["chat_template"] != nil
        {
            return ServerIdentity(kind: "llama.cpp", version: value["build_info"]?.stringValue, header: header)
        }
        if let response = try? await client.send(
            "POST",
            path: "/extras/tokenize",
            json: .object(["input": .string("a")])
        ),
            response.status == 200
        {
            return ServerIdentity(kind: "llama-cpp-python", version: nil, header: header)
        }
        return ServerIdentity(kind: "unknown", version: nil, header: header)
    }

    // MARK: Requests

    struct ChatReply {
        var status: Int?
        var body: JSONValue?
        var error: String?

        var content: String? { EndpointProbe.choice(body)?["message"]?["content"]?.stringValue }

        func feature(key: String, label: String) -> ProbeFeature {
            if let status, status >= 400 {
                return ProbeFeature(
                    key: key,
                    label: label,
                    status: status < 500 ? .rejected : .no,
                    detail: "HTTP \(status)\(error.map { ": \($0)" } ?? "")"
                )
            }
            if body != nil { return ProbeFeature(key: key, label: label, status: .yes, detail: "works") }
            return ProbeFeature(key: key, label: label, status: .unknown, detail: error ?? "no answer")
        }
    }

    static func choice(_ body: JSONValue?) -> JSONValue? { body?["choices"]?.arrayValue?.first }

    private func chat(_ model: String, _ messages: [ChatMessage], _ parameters: [String: JSONValue]) async -> ChatReply
    {
        var fields = parameters
        fields["model"] = .string(model)
        fields["messages"] = .array(
            messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) }
        )
        fields["stream"] = .bool(false)
        do {
            let response = try await client.send("POST", path: "chat/completions", json: .object(fields))
            let value = try? JSONDecoder().decode(JSONValue.self, from: Data(response.body.utf8))
            if response.status >= 400 {
                let message = value?["error"]?["message"]?.stringValue ?? String(response.body.prefix(120))
                return ChatReply(status: response.status, body: nil, error: message)
            }
            return ChatReply(status: response.status, body: value, error: value == nil ? "not JSON" : nil)
        } catch {
            return ChatReply(status: nil, body: nil, error: error.description)
        }
    }
}
