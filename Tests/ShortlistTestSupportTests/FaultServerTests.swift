import Foundation
import ShortlistTestSupport
import Testing

/// Each builder and step of the fault server, checked on the wire with a raw HTTP client.
@Suite(.timeLimit(.minutes(3))) struct FaultServerTests {
    private static let chatBody = #"{"model":"fake-model","messages":[{"role":"user","content":"hi"}],"stream":true}"#

    /// Starts a server answering every request with `response`, sends one `Connection: close` request and reads the answer.
    private func exchange(_ response: FaultResponse, timeout: Duration = .seconds(10)) async throws -> RawResponse? {
        try await FaultServer.withServer(answering: response) { server in
            try await RawConnection.withConnection(port: server.port) { connection in
                try await connection.send("POST", "/v1/chat/completions", body: Self.chatBody, keepAlive: false)
                return try await connection.readResponse(timeout: timeout)
            }
        }
    }

    /// Polls `condition` every 10 ms for up to a minute; the tests assert on it afterwards.
    ///
    /// Generous, because the full suite runs tests in parallel on two cores and CPU-heavy suites can starve
    /// these for seconds; a condition that holds returns at once.
    private func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition() && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    @Test func errorSendsStatusRetryAfterAndOpenAIErrorBody() async throws {
        let response = try #require(
            try await exchange(.error(status: 429, message: "Slow down", retryAfter: "2"))
        )
        #expect(response.status == 429)
        #expect(response.header("Retry-After") == "2")
        #expect(response.header("Content-Length") == String(response.body.count))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let error = try #require(json["error"] as? [String: Any])
        #expect(error["message"] as? String == "Slow down")
        #expect(error["type"] as? String == "invalid_request_error")
        #expect(error["code"] as? Int == 429)
    }

    @Test func errorTakesAnHTTPDateRetryAfterAndNoHeaderWithoutOne() async throws {
        let date = "Wed, 21 Oct 2015 07:28:00 GMT"
        let dated = try #require(try await exchange(.error(status: 503, message: "busy", retryAfter: date)))
        #expect(dated.status == 503)
        #expect(dated.header("Retry-After") == date)
        let plain = try #require(try await exchange(.error(status: 500, message: "boom")))
        #expect(plain.status == 500)
        #expect(plain.header("Retry-After") == nil)
        #expect(plain.bodyText.contains(#""type":"server_error""#))
    }

    @Test func chatCompletionIsAJSONObjectWithContentLength() async throws {
        let response = try #require(
            try await exchange(.chatCompletion(content: "Hello there", promptTokens: 5, completionTokens: 2))
        )
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.header("Transfer-Encoding") == nil)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(json["object"] as? String == "chat.completion")
        let choice = try #require((json["choices"] as? [[String: Any]])?.first)
        #expect((choice["message"] as? [String: Any])?["content"] as? String == "Hello there")
        #expect(choice["finish_reason"] as? String == "stop")
        let usage = try #require(json["usage"] as? [String: Any])
        #expect(usage["prompt_tokens"] as? Int == 5)
        #expect(usage["completion_tokens"] as? Int == 2)
        #expect(usage["total_tokens"] as? Int == 7)
    }

    @Test func chatStreamIsChunkedSSEWithRoleContentFinishUsageAndDone() async throws {
        let response = try #require(
            try await exchange(.chatStream(tokens: ["Hel", "lo"], includeUsage: true, promptTokens: 3))
        )
        #expect(response.status == 200)
        #expect(response.complete)
        #expect(response.header("Content-Type") == "text/event-stream")
        #expect(response.header("Transfer-Encoding") == "chunked")
        let payloads = response.dataPayloads
        #expect(payloads.count == 6)
        #expect(payloads.last == "[DONE]")
        #expect(payloads[0].contains(#""delta":{"role":"assistant"}"#))
        #expect(payloads[1].contains(#""delta":{"content":"Hel"}"#))
        #expect(payloads[2].contains(#""delta":{"content":"lo"}"#))
        #expect(payloads[3].contains(#""delta":{},"finish_reason":"stop""#))
        #expect(
            payloads[4].contains(#""choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}"#)
        )
        for payload in payloads.dropLast() {
            #expect(try JSONSerialization.jsonObject(with: Data(payload.utf8)) is [String: Any])
        }
        #expect(response.bodyText.hasSuffix("data: [DONE]\n\n"))
        #expect(!response.bodyText.contains("\r"))
    }

    @Test func chatStreamWithoutUsageOrRoleChunk() async throws {
        let response = try #require(
            try await exchange(.chatStream(tokens: ["a"], includeUsage: false, roleChunk: false))
        )
        let payloads = response.dataPayloads
        #expect(payloads.count == 3)
        #expect(payloads[0].contains(#""content":"a""#))
        #expect(!response.bodyText.contains("usage"))
        #expect(!response.bodyText.contains(#""role""#))
    }

    @Test func chatStreamCRLFEndsEveryLineWithCRLF() async throws {
        let response = try #require(try await exchange(.chatStream(tokens: ["x", "y"], crlf: true)))
        let text = response.bodyText
        #expect(text.hasSuffix("data: [DONE]\r\n\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(response.dataPayloads.count == 6)
    }

    @Test func chatStreamCommentsPrecedeEveryEvent() async throws {
        let response = try #require(try await exchange(.chatStream(tokens: ["x"], includeUsage: false, comments: true)))
        let text = response.bodyText
        #expect(text.hasPrefix(": keep-alive\n\ndata: "))
        #expect(text.components(separatedBy: ": keep-alive\n\n").count - 1 == 4)  // role, x, finish, [DONE]
        #expect(response.dataPayloads.count == 4)
    }

    @Test func chatStreamSplitEventsArriveInSeparateWrites() async throws {
        let plain = try #require(try await exchange(.chatStream(tokens: ["é", "b"], crlf: true)))
        let split = try #require(try await exchange(.chatStream(tokens: ["é", "b"], crlf: true, splitEvents: true)))
        // Same bytes, three chunked writes per event instead of one.
        #expect(split.body == plain.body)
        #expect(plain.chunks.count == 6)
        #expect(split.chunks.count == 18)
        // The first event is cut inside "data:", the second between "\r" and "\n".
        #expect(split.chunks[0] == Array("dat".utf8))
        #expect(split.chunks[5] == [10])
        #expect(split.chunks[4].last == 13)
    }

    @Test func truncatedStreamClosesWithoutDone() async throws {
        let response = try #require(try await exchange(.truncatedStream(tokens: ["one", "two"])))
        #expect(!response.complete)
        let payloads = response.dataPayloads
        #expect(payloads.count == 3)
        #expect(!payloads.contains("[DONE]"))
        #expect(!response.bodyText.contains("finish_reason\":\"stop"))
    }

    @Test func resetConnectionCutsTheStreamShort() async throws {
        let steps = FaultResponse.chatStream(tokens: ["a"]).steps.prefix(3) + [.resetConnection]
        let response = try #require(try await exchange(FaultResponse(steps: Array(steps))))
        #expect(!response.complete)
        #expect(!response.dataPayloads.contains("[DONE]"))
    }

    @Test func malformedStreamHasOneInvalidEventAndStillEnds() async throws {
        let response = try #require(try await exchange(.malformedStream()))
        #expect(response.complete)
        let payloads = response.dataPayloads
        #expect(payloads.last == "[DONE]")
        let invalid = payloads.dropLast().filter { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) == nil }
        #expect(invalid.count == 1)
        #expect(payloads.contains { $0.contains(#""content":" world""#) })
    }

    @Test func midStreamErrorSendsAnErrorEventAfterTokens() async throws {
        let response = try #require(try await exchange(.midStreamError(tokensBefore: ["a", "b"], message: "CUDA OOM")))
        let payloads = response.dataPayloads
        #expect(payloads.count == 5)
        #expect(payloads[2].contains(#""content":"b""#))
        let error = try #require(try JSONSerialization.jsonObject(with: Data(payloads[3].utf8)) as? [String: Any])
        #expect((error["error"] as? [String: Any])?["message"] as? String == "CUDA OOM")
        #expect(payloads[4] == "[DONE]")
    }

    @Test func stallNeverAnswers() async throws {
        try await FaultServer.withServer(answering: .stall()) { server in
            let (bytes, timedOut) = try await RawConnection.withConnection(port: server.port) { connection in
                try await connection.send("POST", "/v1/chat/completions", body: Self.chatBody)
                try await waitUntil { !server.requests.isEmpty }
                return try await connection.readUntilClose(timeout: .milliseconds(300))
            }
            #expect(timedOut)
            #expect(bytes.isEmpty)
            #expect(server.requests.count == 1)
        }
    }

    @Test func serverSeesAClientGiveUpOnAStall() async throws {
        try await FaultServer.withServer(answering: .stall()) { server in
            _ = try await RawConnection.withConnection(port: server.port) { connection in
                try await connection.send("POST", "/v1/chat/completions", body: Self.chatBody)
                try await waitUntil { !server.requests.isEmpty }
                return try await connection.readUntilClose(timeout: .milliseconds(100))
            }
            // The server notices the hang-up by itself.
            try await waitUntil { server.openConnectionCount == 0 }
            #expect(server.openConnectionCount == 0)
            #expect(server.requests.count == 1)
        }
    }

    @Test func stalledStreamSendsItsTokensThenNothing() async throws {
        try await FaultServer.withServer(answering: .stalledStream(tokensBefore: ["a"])) { server in
            let (before, after) = try await RawConnection.withConnection(port: server.port) { connection in
                try await connection.send("POST", "/v1/chat/completions", body: Self.chatBody)
                let before = try await connection.read(until: {
                    String(decoding: $0, as: UTF8.self).contains(#""content":"a""#)
                })
                let after = try await connection.readUntilClose(timeout: .milliseconds(200))
                return (before, after)
            }
            #expect(!before.timedOut)
            #expect(after.timedOut)
            // Nothing after the token's event: at most the rest of its bytes, never another event.
            #expect(!String(decoding: after.bytes, as: UTF8.self).contains("data:"))
        }
    }

    @Test func shutdownClosesAStalledConnection() async throws {
        let server = try await FaultServer.start { _ in .stall() }
        let (_, timedOut) = try await RawConnection.withConnection(port: server.port) { connection in
            try await connection.send("GET", "/v1/models")
            // Wait until the request has arrived, then shut down while the client is still reading.
            try await waitUntil { !server.requests.isEmpty }
            async let shutdown: Void = server.shutdown()
            let result = try await connection.readUntilClose(timeout: .seconds(60))
            try await shutdown
            return result
        }
        #expect(!timedOut)
    }

    @Test func slowFirstByteDelaysTheHead() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let response = try #require(
            try await exchange(.slowFirstByte(.milliseconds(200), then: .chatCompletion(content: "late")))
        )
        #expect(clock.now - start >= .milliseconds(200))
        #expect(response.bodyText.contains("late"))
    }

    @Test func interChunkDelayPacesTheStream() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let response = try #require(
            try await exchange(.chatStream(tokens: ["a", "b", "c"], interChunkDelay: .milliseconds(50)))
        )
        #expect(clock.now - start >= .milliseconds(150))
        #expect(response.complete)
    }

    @Test func requestsAreRecordedWithHeadersAndBody() async throws {
        try await FaultServer.withServer(answering: .chatCompletion(content: "ok")) { server in
            _ = try await RawConnection.withConnection(port: server.port) { connection in
                try await connection.send(
                    "POST",
                    "/v1/chat/completions?trace=1",
                    body: Self.chatBody,
                    headers: [("Authorization", "Bearer sk-test"), ("X-Attempt", "1")],
                    keepAlive: false
                )
                return try await connection.readResponse()?.status
            }
            let request = try #require(server.requests.first)
            #expect(server.requests.count == 1)
            #expect(request.method == "POST")
            #expect(request.path == "/v1/chat/completions?trace=1")
            #expect(request.pathWithoutQuery == "/v1/chat/completions")
            #expect(request.header("authorization") == "Bearer sk-test")
            #expect(request.header("X-Attempt") == "1")
            #expect(request.bodyString == Self.chatBody)
            #expect(request.json?["stream"] as? Bool == true)
        }
    }

    @Test func keepAliveServesTwoRequestsOnOneConnection() async throws {
        try await FaultServer.withServer(answering: .chatStream(tokens: ["a"])) { server in
            let (first, second) = try await RawConnection.withConnection(port: server.port) { connection in
                try await connection.send("POST", "/v1/chat/completions", body: Self.chatBody)
                let first = try await connection.readResponse()
                let stillOpen = !connection.closed
                try await connection.send("POST", "/v1/chat/completions", body: Self.chatBody)
                let second = try await connection.readResponse()
                return (first.map { ($0, stillOpen) }, second)
            }
            let (firstResponse, stillOpen) = try #require(first)
            #expect(stillOpen)
            #expect(firstResponse.complete)
            #expect(firstResponse.header("Connection") == nil)
            #expect(try #require(second).dataPayloads.last == "[DONE]")
            #expect(server.requests.count == 2)
        }
    }

    @Test func scriptedAnswersInOrderAndRepeatsTheLast() async throws {
        let server = try await FaultServer.scripted([
            .error(status: 500, message: "first"),
            .error(status: 503, message: "second"),
            .chatCompletion(content: "third"),
        ])
        var statuses: [Int] = []
        for _ in 0..<4 {
            let status = try await RawConnection.withConnection(port: server.port) { connection in
                try await connection.send("POST", "/v1/chat/completions", body: Self.chatBody, keepAlive: false)
                return try await connection.readResponse()?.status
            }
            statuses.append(try #require(status))
        }
        try await server.shutdown()
        #expect(statuses == [500, 503, 200, 200])
        #expect(server.requests.count == 4)
    }

    @Test func modelsListsTheIds() async throws {
        let response = try #require(try await exchange(.models(["a", "b"])))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let ids = (json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(ids == ["a", "b"])
    }

    @Test func baseURLNamesTheLoopbackPort() async throws {
        try await FaultServer.withServer(answering: .models([])) { server in
            #expect(server.port > 0)
            #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
        }
    }
}
