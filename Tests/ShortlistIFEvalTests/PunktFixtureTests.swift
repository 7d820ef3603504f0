internal import Foundation
import ShortlistTestSupport
import Testing

@testable import ShortlistIFEval

/// Golden comparison with NLTK 3.9.1 (`make-punkt-fixture.py`): every line must match exactly.
@Suite struct PunktFixtureTests {
    private struct Line: Decodable {
        var kind: String
        var text: String?
        var sentences: [String]?
        var tokenList: [String]?
        var index: Int?
        var variant: Int?
        var spans: [Int]?
        var tokenCount: Int?
        var hash: String?

        enum CodingKeys: String, CodingKey {
            case kind, text, sentences, index, variant, spans, hash
            case tokens
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            kind = try container.decode(String.self, forKey: .kind)
            text = try container.decodeIfPresent(String.self, forKey: .text)
            sentences = try container.decodeIfPresent([String].self, forKey: .sentences)
            index = try container.decodeIfPresent(Int.self, forKey: .index)
            variant = try container.decodeIfPresent(Int.self, forKey: .variant)
            spans = try container.decodeIfPresent([Int].self, forKey: .spans)
            hash = try container.decodeIfPresent(String.self, forKey: .hash)
            if kind == "text" {
                tokenList = try container.decode([String].self, forKey: .tokens)
            } else {
                tokenCount = try container.decode(Int.self, forKey: .tokens)
            }
        }
    }

    private static func fixture() throws -> [Line] {
        let url = RepositoryPaths.file("Tests/ShortlistIFEvalTests/Fixtures/punkt-fixture.jsonl")
        let contents = try String(contentsOf: url, encoding: .utf8)
        let decoder = JSONDecoder()
        return try contents.split(separator: "\n").map { try decoder.decode(Line.self, from: Data($0.utf8)) }
    }

    private static func responses() throws -> [String] {
        struct Response: Decodable { var response: String }
        let url = RepositoryPaths.file("data/ifeval/input_response_data_gpt4_20231107_145030.jsonl")
        let contents = try String(contentsOf: url, encoding: .utf8)
        let decoder = JSONDecoder()
        return try contents.split(separator: "\n").map {
            try decoder.decode(Response.self, from: Data($0.utf8)).response
        }
    }

    /// Compares code points, not canonical equivalence as `String.==` does.
    private static func same(_ lhs: [String], _ rhs: [String]) -> Bool {
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.unicodeScalars.elementsEqual($1.unicodeScalars) }
    }

    /// FNV-1a 64 over the UTF-8 of the tokens joined by spaces, as the fixture script computes it.
    private static func fnv1a64(_ tokens: [String]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in tokens.joined(separator: " ").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    @Test func handWrittenStringsMatchNLTK() throws {
        let lines = try Self.fixture().filter { $0.kind == "text" }
        #expect(lines.count > 100)
        for line in lines {
            let text = try #require(line.text)
            let sentences = PunktSentenceTokenizer.english.sentences(in: text)
            #expect(Self.same(sentences, line.sentences ?? []), "sentences of \(text.debugDescription)")
            let tokens = NLTKWordTokenizer.wordTokenize(text)
            #expect(Self.same(tokens, line.tokenList ?? []), "tokens of \(text.debugDescription): \(tokens)")
        }
    }

    @Test func gpt4ResponsesAndLooseVariantsMatchNLTK() throws {
        let lines = try Self.fixture().filter { $0.kind == "response" }
        let responses = try Self.responses()
        #expect(lines.count >= responses.count)
        var mismatches = 0
        for line in lines {
            let index = try #require(line.index)
            let variant = try #require(line.variant)
            let text = LooseVariants.variants(of: responses[index])[variant]
            let spans = PunktSentenceTokenizer.english.sentenceSpans(in: text).flatMap {
                [$0.lowerBound, $0.upperBound]
            }
            let tokens = NLTKWordTokenizer.wordTokenize(text)
            let matched = spans == line.spans && tokens.count == line.tokenCount && Self.fnv1a64(tokens) == line.hash
            if !matched { mismatches += 1 }
            #expect(matched, "response \(index) variant \(variant)")
            if mismatches > 20 { break }
        }
        #expect(mismatches == 0)
    }
}

/// IFEval's eight loose-evaluation candidates (ifeval-rules.md §4), with Python's `split`, `join` and `strip`.
private enum LooseVariants {
    static func variants(of response: String) -> [String] {
        let lines = response.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
            String(String.UnicodeScalarView($0))
        }
        let removedFirst = strip(lines.dropFirst().joined(separator: "\n"))
        let removedLast = strip(lines.dropLast().joined(separator: "\n"))
        let removedBoth = strip(lines.dropFirst().dropLast().joined(separator: "\n"))
        return [
            response, removeStars(response), removedFirst, removedLast, removedBoth, removeStars(removedFirst),
            removeStars(removedLast), removeStars(removedBoth),
        ]
    }

    private static func removeStars(_ text: String) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: text.unicodeScalars.filter { $0 != "*" })
        return String(view)
    }

    private static func strip(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !PythonCharacters.isSpace($0) }),
            let last = scalars.lastIndex(where: { !PythonCharacters.isSpace($0) })
        else { return "" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[first...last])
        return String(view)
    }
}
