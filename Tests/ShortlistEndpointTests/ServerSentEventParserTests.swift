import ShortlistCatalog
import ShortlistSupport
import Testing

@testable import ShortlistEndpoint

/// The event-stream parser: the spec's rules, OpenAI-style streams, and any split of a stream into chunks.
struct ServerSentEventParserTests {
    func parse(_ text: String, chunks: [Int]? = nil) -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        let bytes = Array(text.utf8)
        var events: [ServerSentEvent] = []
        var start = 0
        for size in chunks ?? [bytes.count] where start < bytes.count {
            let end = Swift.min(bytes.count, start + size)
            events += parser.consume(bytes[start..<end])
            start = end
        }
        if start < bytes.count { events += parser.consume(bytes[start...]) }
        if let last = parser.finish() { events.append(last) }
        return events
    }

    @Test func anOpenAIStreamYieldsOneEventPerChunkAndDone() {
        let stream = """
            data: {"choices":[{"delta":{"role":"assistant"}}]}

            : keep-alive

            data: {"choices":[{"delta":{"content":"Hel"}}]}

            data: {"choices":[{"delta":{"content":"lo"}}]}

            data: {"choices":[],"usage":{"completion_tokens":2}}

            data: [DONE]


            """
        let events = parse(stream)
        #expect(events.map(\.data).last == "[DONE]")
        #expect(events.count == 5)
        #expect(events[1].data == #"{"choices":[{"delta":{"content":"Hel"}}]}"#)
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func everyLineEndingWorks(ending: String) {
        let stream = ["event: delta", "id: 7", "data: first", "data: second", "", "data: next", "", ""].joined(
            separator: ending
        )
        let events = parse(stream)
        #expect(
            events == [
                ServerSentEvent(event: "delta", data: "first\nsecond", id: "7"),
                ServerSentEvent(data: "next", id: "7"),
            ]
        )
    }

    @Test func fieldsFollowTheSpec() {
        // One space after the colon is dropped, a second is kept; a field without a colon has an empty value;
        // unknown fields and events without data are dropped; retry must be digits; a BOM is ignored.
        let stream =
            "\u{FEFF}data:  two spaces\ndata\nfoo: bar\n\nevent: empty\n\nretry: 3000\ndata:x\n\nretry: soon\ndata:y\n\n"
        #expect(
            parse(stream) == [
                ServerSentEvent(data: " two spaces\n"),
                ServerSentEvent(data: "x", retryMilliseconds: 3000),
                ServerSentEvent(data: "y"),
            ]
        )
    }

    @Test func aFinalEventWithoutItsBlankLineIsReturnedByFinish() {
        #expect(parse("data: a\n\ndata: [DONE]").map(\.data) == ["a", "[DONE]"])
        #expect(parse("data: a\n\ndata: [DONE]\n").map(\.data) == ["a", "[DONE]"])
    }

    @Test func multiByteCharactersSplitAcrossChunksSurvive() {
        let stream = "data: héllo 世界 🙂\n\n"
        for size in 1...5 {
            #expect(parse(stream, chunks: Array(repeating: size, count: 100)).map(\.data) == ["héllo 世界 🙂"])
        }
    }

    /// Property: for generated streams, every way of cutting them into chunks yields the same events.
    @Test(arguments: 0..<40)
    func anySplitOfAStreamYieldsTheSameEvents(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        let stream = Self.randomStream(&random)
        let whole = parse(stream)
        #expect(!whole.isEmpty)
        let length = stream.utf8.count
        // Every single cut point, then random multi-cut splits.
        for cut in 0...length {
            #expect(parse(stream, chunks: [cut, length]) == whole, "seed \(seed), cut at \(cut)")
        }
        for _ in 0..<20 {
            let sizes = (0..<length).map { _ in Int(random.next() % 7) + 1 }
            #expect(parse(stream, chunks: sizes) == whole, "seed \(seed)")
        }
    }

    static func randomStream(_ random: inout SplitMix64) -> String {
        let endings = ["\n", "\r\n", "\r"]
        let words = ["delta", "{\"a\":1}", "héllo", "x: y", "", " spaced", "🙂", "[DONE]"]
        var text = ""
        for _ in 0..<Int(random.next() % 6 + 1) {
            let ending = endings[Int(random.next() % 3)]
            if random.next() % 3 == 0 { text += ": comment" + ending }
            if random.next() % 2 == 0 { text += "event: kind\(random.next() % 3)" + ending }
            for _ in 0..<Int(random.next() % 3 + 1) {
                text += "data: " + words[Int(random.next() % UInt64(words.count))] + ending
            }
            text += ending
        }
        return text
    }
}
