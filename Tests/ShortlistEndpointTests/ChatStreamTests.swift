import Foundation
import Testing

@testable import ShortlistEndpoint

/// OpenAI-compatible chat streams: role-only first chunks, usage-only last chunks, [DONE], errors mid-stream.
struct ChatStreamTests {
    func items(_ stream: String) throws -> [ChatStreamItem] {
        var parser = ServerSentEventParser()
        var events = parser.consume(Array(stream.utf8))
        if let last = parser.finish() { events.append(last) }
        return try events.map { event throws(ChatStreamError) in try ChatStreamDecoder.item(event) }
    }

    /// Role-only first chunk, content chunks and an empty-delta finish chunk as llama-cpp-python 0.3.36 sends them
    /// (seen from scripts/local-llm), plus the usage-only last chunk that OpenAI and vLLM send for
    /// `stream_options.include_usage` (llama-cpp-python 0.3.36 sends none: a gap the endpoint probe must report).
    static let llamaCppStream = """
        data: {"id":"c1","model":"smollm2-135m-instruct","choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}

        data: {"id":"c1","model":"smollm2-135m-instruct","choices":[{"index":0,"delta":{"content":"The"},"finish_reason":null}]}

        data: {"id":"c1","model":"smollm2-135m-instruct","choices":[{"index":0,"delta":{"content":" sea"},"finish_reason":null}]}

        data: {"id":"c1","model":"smollm2-135m-instruct","choices":[{"index":0,"delta":{},"finish_reason":"length"}]}

        data: {"id":"c1","model":"smollm2-135m-instruct","choices":[],"usage":{"prompt_tokens":37,"completion_tokens":2,"total_tokens":39}}

        data: [DONE]


        """

    @Test func aStreamAccumulatesIntoTextFinishReasonAndUsage() throws {
        var accumulator = ChatStreamAccumulator()
        var sawDone = false
        for item in try items(Self.llamaCppStream) {
            switch item {
            case .chunk(let chunk): accumulator.add(chunk)
            case .done: sawDone = true
            case .error(let error): Issue.record("unexpected error \(error)")
            }
        }
        #expect(sawDone)
        #expect(accumulator.role == "assistant")
        #expect(accumulator.text == "The sea")
        #expect(accumulator.contentChunks == 2)
        #expect(accumulator.finishReason == "length")
        #expect(accumulator.usage == Usage(promptTokens: 37, completionTokens: 2, totalTokens: 39))
    }

    @Test func anErrorObjectMidStreamIsAnErrorItem() throws {
        let stream = """
            data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}

            data: {"error":{"message":"out of KV cache","type":"server_error","code":503}}


            """
        let result = try items(stream)
        #expect(result.last == .error(ServerError(message: "out of KV cache", type: "server_error", code: "503")))
        let named = try items("event: error\ndata: {\"message\":\"overloaded\"}\n\n")
        #expect(named == [.error(ServerError(message: "overloaded"))])
    }

    @Test func aMalformedEventIsReportedWithItsData() {
        #expect(throws: ChatStreamError.malformedEvent("{not json")) {
            try items("data: {not json\n\n")
        }
    }

    @Test func vllmsReasoningFieldIsKeptApartFromTheAnswer() throws {
        // vLLM 0.32's DeltaMessage names it `reasoning` (it renamed the deprecated `reasoning_content`).
        var accumulator = ChatStreamAccumulator()
        let stream = """
            data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}

            data: {"choices":[{"index":0,"delta":{"reasoning":"let me think"}}]}

            data: {"choices":[{"index":0,"delta":{"content":"42"},"finish_reason":"stop"}]}


            """
        for case .chunk(let chunk) in try items(stream) { accumulator.add(chunk) }
        #expect(accumulator.reasoning == "let me think")
        #expect(accumulator.text == "42")
    }

    @Test func reasoningContentIsKeptApartFromTheAnswer() throws {
        var accumulator = ChatStreamAccumulator()
        let stream = """
            data: {"choices":[{"index":0,"delta":{"reasoning_content":"think"}}]}

            data: {"choices":[{"index":0,"delta":{"content":"answer"},"finish_reason":"stop"}]}


            """
        for case .chunk(let chunk) in try items(stream) { accumulator.add(chunk) }
        #expect(accumulator.reasoning == "think")
        #expect(accumulator.text == "answer")
        #expect(accumulator.finishReason == "stop")
    }
}
