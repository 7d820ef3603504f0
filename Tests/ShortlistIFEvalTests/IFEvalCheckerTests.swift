import ShortlistIFEval
import ShortlistSupport
import Testing

/// One checker case: an instruction id with kwargs, a text, and the reference's `check_following` result.
struct CheckerCase: CustomTestStringConvertible, Sendable {
    var id: String
    var kwargs: [String: JSONValue]
    var text: String
    var expected: Bool
    var note: String

    var testDescription: String { "\(id): \(note)" }

    init(_ id: String, _ kwargs: [String: JSONValue] = [:], _ text: String, _ expected: Bool, _ note: String) {
        self.id = id
        self.kwargs = kwargs
        self.text = text
        self.expected = expected
        self.note = note
    }
}

/// The 25 checkers and the quirks of the reference rules, one table row each.
@Suite struct IFEvalCheckerTests {
    static let lessThan = JSONValue.string("less than")
    static let atLeast = JSONValue.string("at least")

    static let cases: [CheckerCase] = [
        CheckerCase("keywords:existence", ["keywords": .array([.string("cat")])], "Education", true, "substring match"),
        CheckerCase(
            "keywords:existence",
            ["keywords": .array([.string("cat"), .string("dog")])],
            "a CAT",
            false,
            "all needed"
        ),
        CheckerCase("keywords:existence", ["keywords": .array([.string("s")])], "\u{017F}", true, "long s folds to s"),
        CheckerCase(
            "keywords:frequency",
            ["keyword": .string("war"), "frequency": .integer(2), "relation": atLeast],
            "Software award",
            true,
            "substring counts"
        ),
        CheckerCase(
            "keywords:frequency",
            ["keyword": .string("aa"), "frequency": .integer(2), "relation": lessThan],
            "aaaa",
            false,
            "non-overlapping count is 2"
        ),
        CheckerCase(
            "keywords:forbidden_words",
            ["forbidden_words": .array([.string("cat")])],
            "Education",
            true,
            "whole words only"
        ),
        CheckerCase(
            "keywords:forbidden_words",
            ["forbidden_words": .array([.string("cat")])],
            "a Cat!",
            false,
            "case-insensitive"
        ),
        CheckerCase(
            "keywords:forbidden_words",
            ["forbidden_words": .array([.string("cat")])],
            "cat_food",
            true,
            "_ is a word character"
        ),
        CheckerCase(
            "keywords:letter_frequency",
            ["letter": .string("#"), "let_frequency": .integer(2), "let_relation": atLeast],
            "## two",
            true,
            "non-letters counted literally"
        ),
        CheckerCase(
            "keywords:letter_frequency",
            ["letter": .string("A"), "let_frequency": .integer(3), "let_relation": lessThan],
            "Banana",
            false,
            "lower-cased count is 3"
        ),
        CheckerCase(
            "language:response_language",
            ["language": .string("en")],
            "******",
            true,
            "no features counts as followed"
        ),
        CheckerCase(
            "length_constraints:number_paragraphs",
            ["num_paragraphs": .integer(2)],
            "a\n******\nb",
            false,
            "six stars leave an empty middle part"
        ),
        CheckerCase(
            "length_constraints:number_paragraphs",
            ["num_paragraphs": .integer(2)],
            "a\n***\nb",
            true,
            "one divider"
        ),
        CheckerCase(
            "length_constraints:number_paragraphs",
            ["num_paragraphs": .integer(2)],
            "***a***b",
            true,
            "blank first part dropped"
        ),
        CheckerCase(
            "length_constraints:number_words",
            ["num_words": .integer(2), "relation": atLeast],
            "नमस्ते",
            true,
            "combining marks split Hindi words"
        ),
        CheckerCase(
            "length_constraints:number_words",
            ["num_words": .integer(3), "relation": lessThan],
            "don't 3.14",
            false,
            "apostrophe and dot split"
        ),
        CheckerCase(
            "length_constraints:nth_paragraph_first_word",
            ["num_paragraphs": .integer(2), "nth_paragraph": .integer(2), "first_word": .string("hello")],
            "a\n\n\n\nHello",
            false,
            "index counts the empty part"
        ),
        CheckerCase(
            "length_constraints:nth_paragraph_first_word",
            ["num_paragraphs": .integer(2), "nth_paragraph": .integer(2), "first_word": .string("Hello")],
            "a\n\n\"Hello, world",
            true,
            "quote and comma stripped, lower-cased"
        ),
        CheckerCase(
            "detectable_content:number_placeholders",
            ["num_placeholders": .integer(2)],
            "[a] [] [b\n]",
            true,
            "[] counts"
        ),
        CheckerCase(
            "detectable_content:number_placeholders",
            ["num_placeholders": .integer(2)],
            "[a\n] [b",
            false,
            "no newline inside"
        ),
        CheckerCase(
            "detectable_content:postscript",
            ["postscript_marker": .string("P.S.")],
            "see p. s. here",
            true,
            "no anchor"
        ),
        CheckerCase("detectable_content:postscript", ["postscript_marker": .string("P.S.")], "ups.", false, "needs p."),
        CheckerCase(
            "detectable_content:postscript",
            ["postscript_marker": .string("P.P.S")],
            "P.P.S. later",
            true,
            "P.P.S"
        ),
        CheckerCase(
            "detectable_format:number_bullet_lists",
            ["num_bullets": .integer(2)],
            "* a\n- b\n**bold**",
            true,
            "bold is no bullet"
        ),
        CheckerCase(
            "detectable_format:number_bullet_lists",
            ["num_bullets": .integer(1)],
            "*\nnext\n---",
            false,
            "lone star swallows a line; --- counts"
        ),
        CheckerCase(
            "detectable_format:number_bullet_lists",
            ["num_bullets": .integer(0)],
            "1. a\n+ b\n• c",
            true,
            "other markers don't count"
        ),
        CheckerCase("detectable_format:constrained_response", [:], " My answer is maybe. ", true, "substring"),
        CheckerCase("detectable_format:constrained_response", [:], "my answer is yes.", false, "case-sensitive"),
        CheckerCase(
            "detectable_format:number_highlighted_sections",
            ["num_highlights": .integer(2)],
            "**bold** and *it*",
            true,
            "bold counts once"
        ),
        CheckerCase(
            "detectable_format:number_highlighted_sections",
            ["num_highlights": .integer(1)],
            "** ** *\nx*",
            false,
            "blank and multi-line"
        ),
        CheckerCase(
            "detectable_format:multiple_sections",
            ["section_spliter": .string("Section"), "num_sections": .integer(2)],
            "Section 1 a SubSection 2 b",
            true,
            "inside words too"
        ),
        CheckerCase(
            "detectable_format:multiple_sections",
            ["section_spliter": .string("Section"), "num_sections": .integer(1)],
            "Section II",
            false,
            "needs digits"
        ),
        CheckerCase("detectable_format:json_format", [:], "123", true, "bare number"),
        CheckerCase("detectable_format:json_format", [:], "```json\n{\"a\": NaN}\n```", true, "NaN and fences"),
        CheckerCase("detectable_format:json_format", [:], "[1, 2,]", false, "trailing comma"),
        CheckerCase("detectable_format:json_format", [:], "01", false, "leading zero"),
        CheckerCase("detectable_format:json_format", [:], "{\"a\": 1, \"a\": 2}", true, "duplicate keys"),
        CheckerCase("detectable_format:json_format", [:], "\"a\tb\"", false, "raw control character"),
        CheckerCase("detectable_format:title", [:], "<<My Title>> and <<", true, "one-line title"),
        CheckerCase("detectable_format:title", [:], "<<  >>\n<<a\nb>>", false, "blank or multi-line"),
        CheckerCase("combination:two_responses", [:], "one\n******\ntwo", true, "two different"),
        CheckerCase("combination:two_responses", [:], "one\n******\n one ", false, "same after strip"),
        CheckerCase("combination:two_responses", [:], "one*******two", true, "seven stars leave content"),
        CheckerCase("combination:two_responses", [:], "a******\n******b", false, "blank middle part"),
        CheckerCase(
            "combination:repeat_prompt",
            ["prompt_to_repeat": .string("Say HI. ")],
            "  say hi. ok",
            true,
            "case-insensitive prefix"
        ),
        CheckerCase(
            "startend:end_checker",
            ["end_phrase": .string("Peace!")],
            "... peace!\"",
            true,
            "closing quote stripped"
        ),
        CheckerCase(
            "startend:end_checker",
            ["end_phrase": .string("Peace!")],
            "... peace! \"",
            false,
            "space before quote"
        ),
        CheckerCase("startend:quotation", [:], " \"x\" ", true, "stripped quotes"),
        CheckerCase("startend:quotation", [:], "\"", false, "one character"),
        CheckerCase("startend:quotation", [:], "“x”", false, "ASCII quotes only"),
        CheckerCase(
            "change_case:capital_word_frequency",
            ["capital_frequency": .integer(2), "capital_relation": atLeast],
            "DON'T",
            true,
            "contraction gives two capital tokens"
        ),
        CheckerCase(
            "change_case:english_capital",
            [:],
            "THIS IS A LONGER ENGLISH SENTENCE ABOUT THE WEATHER TODAY.",
            true,
            "upper English"
        ),
        CheckerCase("change_case:english_capital", [:], "Hello", false, "not isupper"),
        CheckerCase("change_case:english_capital", [:], "123 !!", false, "isupper needs a cased character"),
        CheckerCase(
            "change_case:english_lowercase",
            [:],
            "this is a longer english sentence about the weather today.",
            true,
            "lower English"
        ),
        CheckerCase("change_case:english_lowercase", [:], "hello İ", false, "upper İ"),
        CheckerCase("punctuation:no_comma", [:], "a，b،c", true, "only ASCII comma"),
        CheckerCase("punctuation:no_comma", [:], "a, b", false, "comma"),
    ]

    @Test(arguments: cases)
    func checkFollowing(_ row: CheckerCase) throws {
        let instruction = try IFEvalInstruction(id: row.id, kwargs: row.kwargs)
        #expect(instruction.rule.check(IFEvalText(row.text)) == row.expected)
    }

    @Test func everyRegistryIdHasACase() {
        #expect(Set(Self.cases.map(\.id) + ["length_constraints:number_sentences"]) == Set(IFEvalInstruction.registry))
        #expect(IFEvalInstruction.registry.count == 25)
    }

    @Test func sentencesCountPunktSentences() throws {
        let instruction = try IFEvalInstruction(
            id: "length_constraints:number_sentences",
            kwargs: ["num_sentences": .integer(2), "relation": Self.lessThan]
        )
        #expect(instruction.rule.measure(IFEvalText("")) == .count(0))
        #expect(instruction.rule.check(IFEvalText("One. Two.")) == false)
        #expect(instruction.rule.check(IFEvalText("One only.")))
    }
}
