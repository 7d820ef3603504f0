import Foundation
import ShortlistSupport
import Testing

@testable import ShortlistEndpoint

@Suite struct JSONParserTests {
    @Test(arguments: [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
        #"[-0.5, 1e3, 2E-2, 0, -12, 3.25]"#,
        #""esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00""#,
        #"  {"nested": [[[{"x": []}]]], "empty": {}}  "#,
        #"{"id":"c","choices":[{"index":0,"delta":{"content":"héllo 😀"},"finish_reason":null}]}"#,
    ])
    func agreesWithFoundation(_ text: String) throws {
        let ours = try JSONParser.parse(text)
        let theirs = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        // Foundation reads `1e3` as the integer 1000; numbers compare by value, as in JSON.
        #expect(ours.equalsAsJSON(theirs))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":}", "01", "1.", "-", "tru", "\"unterminated", "{\"a\" 1}", "[1] x", "\"\u{1}\"",
        "{'a': 1}", "NaN", "\"\\x\"",
    ])
    func rejectsInvalidJSON(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
    }

    @Test func chunksDecodeAsStrictlyAsTheDecodableTypes() throws {
        let usageOnly = ServerSentEvent(data: #"{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2}}"#)
        #expect(
            try ChatStreamDecoder.item(usageOnly)
                == .chunk(ChatChunk(choices: [], usage: Usage(promptTokens: 3, completionTokens: 2)))
        )
        let stringError = ServerSentEvent(data: #"{"error":"model overloaded"}"#)
        #expect(try ChatStreamDecoder.item(stringError) == .error(ServerError(message: "model overloaded")))
        let numericCode = ServerSentEvent(data: #"{"error":{"message":"bad","code":400}}"#)
        #expect(try ChatStreamDecoder.item(numericCode) == .error(ServerError(message: "bad", code: "400")))
        for malformed in [
            #"{"foo":1}"#, #"{"choices":[{"delta":{}}]}"#, #"{"choices":[{"index":0,"delta":{"content":5}}]}"#,
        ] {
            #expect(throws: ChatStreamError.self) { try ChatStreamDecoder.item(ServerSentEvent(data: malformed)) }
        }
    }
}
