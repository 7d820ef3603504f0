import Foundation
import ShortlistTestSupport
import Testing

/// The fake model's replies and capabilities, checked through a live fault server.
@Suite(.timeLimit(.minutes(3))) struct FakeModelTests {
    /// A chat request body for `messages` (role, content pairs) with extra top-level fields.
    private static func chatBody(_ messages: [(String, String)], _ extra: [String: Any] = [:]) throws -> String {
        var json: [String: Any] = [
            "model": "fake-model",
            "messages": messages.map { ["role": $0.0, "content": $0.1] },
        ]
        json.merge(extra) { _, new in new }
        return String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
    }

    /// Sends one request to a fake model with `capabilities` and reads the response.
    private func ask(
        _ capabilities: FakeModel.Capabilities = .init(),
        method: String = "POST",
        path: String = "/v1/chat/completions",
        body: String?
    ) async throws -> RawResponse {
        let response = try await FaultServer.withServer(handler: FakeModel.handler(capabilities)) { server in
            try await RawConnection.withConnection(port: server.port) { connection in
                try await connection.send(method, path, body: body, keepAlive: false)
                return try await connection.readResponse()
            }
        }
        return try #require(response)
    }

    private func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The concatenated `delta.content` of a stream's chunks.
    private func streamedContent(_ response: RawResponse) throws -> String {
        var text = ""
        for payload in response.dataPayloads where payload != "[DONE]" {
            let choices = try object(payload)["choices"] as? [[String: Any]] ?? []
            text += choices.compactMap { ($0["delta"] as? [String: Any])?["content"] as? String }.joined()
        }
        return text
    }

    private func content(_ response: RawResponse) throws -> String? {
        let choices = try object(response.bodyText)["choices"] as? [[String: Any]]
        return (choices?.first?["message"] as? [String: Any])?["content"] as? String
    }

    @Test func nonStreamingEchoesTheLastUserMessageForReplyTokens() async throws {
        let body = try Self.chatBody([("system", "be brief"), ("user", "alpha beta gamma")])
        let response = try await ask(.init(replyTokens: 5), body: body)
        #expect(response.status == 200)
        #expect(try content(response) == "alpha beta gamma alpha beta")
        let json = try object(response.bodyText)
        let usage = try #require(json["usage"] as? [String: Any])
        #expect(usage["prompt_tokens"] as? Int == 5)
        #expect(usage["completion_tokens"] as? Int == 5)
        #expect((json["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String == "stop")
    }

    @Test func maxTokensCutsTheReplyWithFinishReasonLength() async throws {
        let body = try Self.chatBody([("user", "one two three")], ["max_tokens": 2])
        let response = try await ask(.init(replyTokens: 10), body: body)
        #expect(try content(response) == "one two")
        let choice = try #require((try object(response.bodyText)["choices"] as? [[String: Any]])?.first)
        #expect(choice["finish_reason"] as? String == "length")
    }

    @Test func streamingWithUsageEndsWithAUsageChunkThenDone() async throws {
        let body = try Self.chatBody(
            [("user", "red green blue")],
            ["stream": true, "stream_options": ["include_usage": true]]
        )
        let response = try await ask(.init(replyTokens: 4), body: body)
        #expect(response.header("Content-Type") == "text/event-stream")
        #expect(try streamedContent(response) == "red green blue red")
        let payloads = response.dataPayloads
        #expect(payloads.last == "[DONE]")
        let usageChunk = try object(payloads[payloads.count - 2])
        #expect((usageChunk["choices"] as? [Any])?.isEmpty == true)
        #expect((usageChunk["usage"] as? [String: Any])?["completion_tokens"] as? Int == 4)
        #expect(payloads[0].contains(#""delta":{"role":"assistant"}"#))
    }

    @Test(arguments: [
        (capability: true, requested: false),
        (capability: false, requested: true),
    ])
    func streamingWithoutUsageSendsNoUsageChunk(capability: Bool, requested: Bool) async throws {
        let body = try Self.chatBody(
            [("user", "hi")],
            ["stream": true, "stream_options": ["include_usage": requested]]
        )
        let response = try await ask(.init(replyTokens: 3, includeUsageInStream: capability), body: body)
        #expect(try streamedContent(response) == "hi hi hi")
        #expect(!response.bodyText.contains("usage"))
        #expect(response.dataPayloads.last == "[DONE]")
    }

    @Test func needleIsFoundWhenItSurvivesContextTruncation() async throws {
        let filler = String(repeating: "lorem ipsum ", count: 50)  // 600 characters
        let prompt = "The secret code is 4711. " + filler + FakeModel.needleQuestion
        let body = try Self.chatBody([("user", prompt)])
        let roomy = try await ask(.init(contextLimitCharacters: 10_000), body: body)
        #expect(try content(roomy) == "4711")
        let unlimited = try await ask(.init(), body: body)
        #expect(try content(unlimited) == "4711")
        let cramped = try await ask(.init(contextLimitCharacters: 300), body: body)
        #expect(try content(cramped) == FakeModel.unknownAnswer)
    }

    @Test func truncationKeepsTheEndOfThePromptAndCountsOnlyWhatSurvives() async throws {
        let body = try Self.chatBody([("user", "aaa bbb ccc ddd")])
        let response = try await ask(.init(replyTokens: 2, contextLimitCharacters: 7), body: body)
        #expect(try content(response) == "ccc ddd")
        let usage = try #require(try object(response.bodyText)["usage"] as? [String: Any])
        #expect(usage["prompt_tokens"] as? Int == 2)
    }

    @Test func modelsListsTheModelAndServerHeaderIsSent() async throws {
        let response = try await ask(
            .init(model: "qwen-test", serverHeader: "uvicorn"),
            method: "GET",
            path: "/v1/models",
            body: nil
        )
        #expect(response.header("Server") == "uvicorn")
        let data = try #require(try object(response.bodyText)["data"] as? [[String: Any]])
        #expect(data.compactMap { $0["id"] as? String } == ["qwen-test"])
    }

    @Test func tokenizeCountsWordsOnlyWhenSupported() async throws {
        let body = #"{"content":"one two  three"}"#
        let supported = try await ask(.init(supportsTokenize: true), path: "/tokenize", body: body)
        #expect(supported.status == 200)
        #expect((try object(supported.bodyText)["tokens"] as? [Any])?.count == 3)
        let unsupported = try await ask(.init(), path: "/tokenize", body: body)
        #expect(unsupported.status == 404)
        #expect(try object(unsupported.bodyText)["error"] != nil)
    }

    @Test func seedHonouredRepeatsRepliesAndUnhonouredVaries() async throws {
        let body = try Self.chatBody([("user", "same words here")], ["seed": 42, "temperature": 0.7])
        for (honoured, expectEqual) in [(true, true), (false, false)] {
            let replies = try await FaultServer.withServer(handler: FakeModel.handler(.init(seedHonoured: honoured))) {
                server in
                var replies: [String?] = []
                for _ in 0..<2 {
                    let response = try await RawConnection.withConnection(port: server.port) { connection in
                        try await connection.send("POST", "/v1/chat/completions", body: body, keepAlive: false)
                        return try await connection.readResponse()
                    }
                    replies.append(try content(try #require(response)))
                }
                return replies
            }
            #expect((replies[0] == replies[1]) == expectEqual)
        }
    }

    @Test func jsonModeRepliesWithAJSONObjectOnlyWhenSupported() async throws {
        let body = try Self.chatBody([("user", "say hi")], ["response_format": ["type": "json_object"]])
        let supported = try #require(try content(try await ask(.init(replyTokens: 2), body: body)))
        #expect(try object(supported)["answer"] as? String == "say hi")
        let unsupported = try #require(try content(try await ask(.init(replyTokens: 2, jsonMode: false), body: body)))
        #expect(unsupported == "say hi")
    }

    @Test func jsonModeStreamsValidJSONToo() async throws {
        let body = try Self.chatBody(
            [("user", "a \"quoted\" word")],
            ["stream": true, "response_format": ["type": "json_object"]]
        )
        let response = try await ask(.init(replyTokens: 3), body: body)
        #expect(try object(try streamedContent(response))["answer"] as? String == #"a "quoted" word"#)
    }

    @Test func logprobsComeOnlyWhenSupportedAndRequested() async throws {
        let body = try Self.chatBody([("user", "x y")], ["logprobs": true])
        let supported = try await ask(.init(replyTokens: 2, logprobs: true), body: body)
        let choice = try #require((try object(supported.bodyText)["choices"] as? [[String: Any]])?.first)
        let entries = try #require((choice["logprobs"] as? [String: Any])?["content"] as? [[String: Any]])
        #expect(entries.compactMap { $0["token"] as? String } == ["x", " y"])
        let unsupported = try await ask(.init(replyTokens: 2), body: body)
        #expect(!unsupported.bodyText.contains("logprobs"))
    }

    @Test func badRequestsGetOpenAIErrors() async throws {
        let notJSON = try await ask(body: "{not json")
        #expect(notJSON.status == 400)
        let noMessages = try await ask(body: #"{"model":"m"}"#)
        #expect(noMessages.status == 400)
        #expect(noMessages.bodyText.contains("messages"))
        let unknown = try await ask(method: "GET", path: "/nope", body: nil)
        #expect(unknown.status == 404)
    }

    @Test func flushingEachChunkSendsOneHTTPChunkPerEvent() async throws {
        let body = try Self.chatBody([("user", "a b")], ["stream": true])
        let coalesced = try await ask(.init(replyTokens: 2), body: body)
        let flushed = try await ask(.init(replyTokens: 2, flushesEachChunk: true), body: body)
        #expect(coalesced.body == flushed.body)
        #expect(coalesced.chunks.count == 1)
        #expect(flushed.chunks.count == 5)  // role, a, b, finish, [DONE]
    }

    @Test func sixtyFourConcurrentStreamsAllComplete() async throws {
        let body = try Self.chatBody(
            [("user", "one two three four")],
            ["stream": true, "stream_options": ["include_usage": true]]
        )
        try await FaultServer.withServer(handler: FakeModel.handler(.init(replyTokens: 64))) { server in
            let completed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<64 {
                    group.addTask {
                        try await RawConnection.withConnection(port: server.port) { connection in
                            var complete = true
                            // Two requests per connection, as a pooled client would send them.
                            for keepAlive in [true, false] {
                                try await connection.send(
                                    "POST",
                                    "/v1/chat/completions",
                                    body: body,
                                    keepAlive: keepAlive
                                )
                                let response = try await connection.readResponse()
                                complete =
                                    complete && response?.complete == true
                                    && response?.dataPayloads.last == "[DONE]"
                                    && response?.dataPayloads.count == 64 + 4
                            }
                            return complete
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(completed == 64)
            #expect(server.requests.count == 128)
        }
    }
}
