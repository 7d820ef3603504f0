import Foundation
import ShortlistEndpoint
import Testing

@testable import ShortlistEvaluation

@Suite struct SuiteLoaderTests {
    let loader = SuiteLoader()

    @Test func smokeSuiteLoadsWithEveryCheckKindItUses() throws {
        let suite = try #require(try BuiltInSuites.named("smoke"))
        #expect(suite.name == "smoke")
        #expect(suite.source == "built-in")
        #expect(suite.items.count == 7)
        #expect(
            Set(suite.items.flatMap { $0.checks.map(\.kind) }) == [
                "contains", "length", "regex", "json_schema", "refusal",
            ]
        )
        let memory = try #require(suite.item(id: "memory"))
        #expect(memory.messages.map(\.role) == ["user", "assistant", "user"])
        let system = try #require(suite.item(id: "system-prompt"))
        #expect(system.messages.first == .system("You are a terse assistant. Always answer in at most five words."))
        // Defaults apply, item values override them.
        #expect(suite.item(id: "capital")?.sampling == SamplingParameters(maxTokens: 48, temperature: 0, seed: 7))
        #expect(suite.item(id: "json-object")?.sampling.maxTokens == 40)
        #expect(suite.version.count == 16)
    }

    @Test func versionChangesWithAnyPromptOrCheck() throws {
        let base = """
            name: t
            items:
              - id: a
                prompt: Hello
                checks:
                  - contains: hi
            """
        let one = try loader.loadYAML(base, file: "t.yaml", defaultName: "t")
        let same = try loader.loadYAML(base, file: "other.yaml", defaultName: "t")
        let prompt = try loader.loadYAML(
            base.replacingOccurrences(of: "Hello", with: "Hello!"),
            file: "t.yaml",
            defaultName: "t"
        )
        let check = try loader.loadYAML(
            base.replacingOccurrences(of: "hi", with: "hey"),
            file: "t.yaml",
            defaultName: "t"
        )
        #expect(one.version == same.version)
        #expect(one.version != prompt.version)
        #expect(one.version != check.version)
    }

    @Test func jsonlSuitesReadOneItemPerLine() async throws {
        let text = """
            {"id": "q1", "prompt": "2+2?", "checks": [{"regex": "\\\\b4\\\\b"}], "tags": ["math"]}

            {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}], "sampling": {"max_tokens": 5}}
            """
        let suite = try loader.loadJSONL(text, file: "s.jsonl", name: "s")
        #expect(suite.items.map(\.id) == ["q1", "item-2"])
        #expect(suite.items[0].tags == ["math"])
        #expect(suite.items[1].sampling.maxTokens == 5)
        #expect(
            try await suite.items[0].checks[0].check.grade("it is 4", context: CheckContext(item: suite.items[0]))
                .verdict == .pass
        )
    }

    @Test(arguments: [
        (
            "name: t\nitems:\n  - id: a\n    promt: Hello\n",
            "t.yaml:4: field 'items[0].promt': unknown key. Did you mean 'prompt'? Expected one of"
        ),
        (
            "name: t\nitems:\n  - id: a\n    prompt: Hi\n    checks:\n      - contians: x\n",
            "t.yaml:6: field 'items[0].checks[0]': unknown check 'contians'. Did you mean 'contains'?"
        ),
        (
            "name: t\nitems:\n  - id: a\n    prompt: Hi\n    checks:\n      - regex: '('\n",
            "t.yaml:6: field 'items[0].checks[0].regex': invalid regular expression '('."
        ),
        (
            "name: t\nitems:\n  - id: a\n    prompt: Hi\n    sampling: {max_tokens: 0}\n",
            "t.yaml:5: field 'items[0].sampling.max_tokens': must be a whole number ≥ 1."
        ),
        ("name: t\nitems: []\n", "t.yaml:2: field 'items': needs a non-empty list of items."),
        (
            "name: t\nitems:\n  - id: a\n    prompt: Hi\n  - id: a\n    prompt: Ho\n",
            "t.yaml: field 'items': item id 'a' appears twice."
        ),
        (
            "name: t\nitems:\n  - messages:\n      - {role: user, content: Hi}\n      - {role: assistant, content: Ho}\n",
            "t.yaml:4: field 'items[0].messages': the conversation must end with a user turn."
        ),
    ])
    func badSuitesNameTheFileLineAndField(_ yaml: String, _ expected: String) {
        #expect(throws: SuiteError.self) { try loader.loadYAML(yaml, file: "t.yaml", defaultName: "t") }
        do {
            _ = try loader.loadYAML(yaml, file: "t.yaml", defaultName: "t")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }

    @Test func badJSONLLineIsNamed() {
        do {
            _ = try loader.loadJSONL("{\"prompt\": \"a\"}\n{oops\n", file: "s.jsonl", name: "s")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "s.jsonl:2: not a JSON object.")
        }
    }
}

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func matchesFIPSVectors(_ input: String, _ digest: String) {
        #expect(SHA256.hex(input) == digest)
    }

    @Test func millionAs() {
        #expect(
            SHA256.hex(String(repeating: "a", count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        )
    }
}
