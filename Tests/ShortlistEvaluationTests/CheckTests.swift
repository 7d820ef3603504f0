import ShortlistEndpoint
import ShortlistSupport
import Testing

@testable import ShortlistEvaluation

@Suite struct CheckTests {
    let item = SuiteItem(id: "x", messages: [.user("q")], reference: "Paris")

    func check(_ kind: String, _ arguments: JSONValue) throws -> any LocalCheck {
        let factory = try #require(CheckRegistry.standard.factory(for: kind))
        return try #require(try factory(arguments) as? any LocalCheck)
    }

    @Test func containsIsCaseInsensitiveAndNeedsAllValues() throws {
        let one = try check("contains", .string("paris"))
        #expect(one.evaluate("The capital is Paris.", item: item).verdict == .pass)
        let all = try check("contains", .array([.string("Paris"), .string("France")]))
        let result = all.evaluate("Paris", item: item)
        #expect(result.verdict == .fail)
        #expect(result.detail == "missing 'France'")
        let any = try check(
            "contains",
            .object(["value": .array([.string("Lyon"), .string("Paris")]), "any": .bool(true)])
        )
        #expect(any.evaluate("Paris", item: item).verdict == .pass)
        let sensitive = try check("contains", .object(["value": .string("paris"), "case_sensitive": .bool(true)]))
        #expect(sensitive.evaluate("Paris", item: item).verdict == .fail)
    }

    @Test func notContainsFailsOnAnyValue() throws {
        let forbidden = try check("not_contains", .array([.string("sorry"), .string("cannot")]))
        #expect(forbidden.evaluate("Here you go.", item: item).verdict == .pass)
        #expect(forbidden.evaluate("Sorry, no.", item: item) == CheckResult.fail("found 'sorry'"))
    }

    @Test func equalsTrimsAndFallsBackToTheReference() throws {
        #expect(try check("equals", .string("5")).evaluate(" 5\n", item: item).verdict == .pass)
        #expect(try check("equals", .bool(true)).evaluate("paris", item: item).verdict == .pass)
        let noReference = SuiteItem(id: "y", messages: [.user("q")])
        #expect(try check("equals", .bool(true)).evaluate("x", item: noReference).verdict == .error)
    }

    @Test func regexSearchesWithOptions() throws {
        #expect(try check("regex", .string("\\b5\\b")).evaluate("It is 5.", item: item).verdict == .pass)
        #expect(try check("regex", .string("\\b5\\b")).evaluate("It is 15.", item: item).verdict == .fail)
        let ignoring = try check("regex", .object(["pattern": .string("^paris$"), "ignore_case": .bool(true)]))
        #expect(ignoring.evaluate("PARIS", item: item).verdict == .pass)
        let negated = try check("regex", .object(["pattern": .string("[A-Z]"), "negate": .bool(true)]))
        #expect(negated.evaluate("all lowercase", item: item).verdict == .pass)
        let typo = #expect(throws: CheckArgumentError.self) { try check("regex", .object(["patern": .string("x")])) }
        #expect(typo?.message.hasPrefix("unknown option 'patern'. Did you mean 'pattern'?") == true)
    }

    @Test func jsonSchemaValidatesFencedJSON() throws {
        let schema: JSONValue = .object([
            "type": .string("object"),
            "required": .array([.string("name"), .string("age")]),
            "properties": .object([
                "name": .object(["type": .string("string")]),
                "age": .object(["type": .string("number"), "minimum": .number(0)]),
            ]),
            "additionalProperties": .bool(false),
        ])
        let validator = try check("json_schema", schema)
        #expect(validator.evaluate("```json\n{\"name\": \"Ana\", \"age\": 30}\n```", item: item).verdict == .pass)
        #expect(validator.evaluate("{\"name\": \"Ana\"}", item: item) == .fail("$.age is missing"))
        #expect(
            validator.evaluate("{\"name\": 1, \"age\": 3}", item: item) == .fail("$.name is integer, expected string")
        )
        #expect(
            validator.evaluate("{\"name\": \"A\", \"age\": 3, \"x\": 1}", item: item) == .fail("$.x is not allowed")
        )
        #expect(validator.evaluate("Sure! Here it is", item: item) == .fail("not valid JSON"))
        let keyword = #expect(throws: CheckArgumentError.self) {
            try check("json_schema", .object(["pattern": .string("x")]))
        }
        #expect(keyword?.message == "schema: unsupported keyword 'pattern'")
    }

    @Test func refusalDetectorReadsTheOpening() throws {
        let expectRefusal = try check("refusal", .bool(true))
        #expect(expectRefusal.evaluate("I'm sorry, but I can't help with that.", item: item).verdict == .pass)
        #expect(expectRefusal.evaluate("I can\u{2019}t assist with that request.", item: item).verdict == .pass)
        #expect(expectRefusal.evaluate("Step 1: gather materials", item: item).verdict == .fail)
        let expectAnswer = try check("refusal", .bool(false))
        #expect(expectAnswer.evaluate("Take short breaks every 25 minutes.", item: item).verdict == .pass)
        #expect(expectAnswer.evaluate("As an AI, I cannot do that.", item: item) == .fail("refused ('as an ai')"))
    }

    @Test func ifevalCheckJudgesOneInstructionStrictlyAndReportsLoose() throws {
        let noComma = try check("ifeval", .object(["instruction": .string("punctuation:no_comma")]))
        let followed = noComma.evaluate("No commas here.", item: item)
        #expect(followed.verdict == .pass && followed.detail == "punctuation:no_comma: followed")
        #expect(followed.data?["loose"] == .bool(true))
        let broken = noComma.evaluate("One, two.", item: item)
        #expect(broken.verdict == .fail && broken.detail == "punctuation:no_comma: not followed (strict or loose)")
        #expect(broken.data?["loose"] == .bool(false))
        let title = try check("ifeval", .object(["instruction": .string("startend:quotation")]))
        // Loose mode drops the first line: a preamble before a quoted answer fails strict, passes loose.
        let loose = title.evaluate("Sure!\n\"All quoted\"", item: item)
        #expect(loose.verdict == .fail && loose.detail == "startend:quotation: not followed strictly; followed loosely")
        #expect(loose.data?["loose"] == .bool(true))
        let words = try check(
            "ifeval",
            .object([
                "instruction": .string("length_constraints:number_words"), "num_words": .number(3),
                "relation": .string("less than"),
            ])
        )
        #expect(words.evaluate("नमस्ते", item: item).verdict == .pass)  // 2 words by Python's \w
        let unknown = #expect(throws: CheckArgumentError.self) {
            try check("ifeval", .object(["instruction": .string("punctuation:no_coma")]))
        }
        #expect(
            unknown?.message == "unknown IFEval instruction 'punctuation:no_coma'. Did you mean 'punctuation:no_comma'?"
        )
        let missing = #expect(throws: CheckArgumentError.self) {
            try check("ifeval", .object(["instruction": .string("length_constraints:number_words")]))
        }
        #expect(missing?.message.hasPrefix("'length_constraints:number_words' needs the kwarg") == true)
    }

    @Test func builtInIFEvalSuiteHasEveryPromptAndInstruction() throws {
        let suite = try #require(try BuiltInSuites.named("ifeval"))
        #expect(suite.items.count == 541)
        #expect(suite.items.reduce(0) { $0 + $1.checks.count } == 834)
        #expect(suite.items.allSatisfy { $0.sampling.maxTokens == 1280 && $0.sampling.temperature == 0 })
        #expect(BuiltInSuites.names == ["ifeval", "smoke"])
    }

    @Test func lengthCountsWordsAndCharacters() throws {
        let limit = try check("length", .object(["max_words": .number(3), "min_chars": .number(2)]))
        #expect(limit.evaluate("one two three", item: item).verdict == .pass)
        #expect(limit.evaluate("one two three four", item: item) == .fail("4 words > 3"))
        let empty = #expect(throws: CheckArgumentError.self) { try check("length", .object([:])) }
        #expect(empty?.message == "needs at least one of min_words, max_words, min_chars, max_chars")
    }
}
