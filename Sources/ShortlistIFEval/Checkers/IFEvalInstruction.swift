package import ShortlistSupport

/// One instruction of a prompt, built from its id and kwargs like the reference's `build_description`.
package struct IFEvalInstruction: Sendable {
    /// The registry id, such as `length_constraints:number_words`.
    package let id: String
    /// The kwargs it was built from, for reports.
    package let kwargs: [String: JSONValue]
    /// The rule with its parameters, validated.
    package let rule: IFEvalRule

    /// The 25 instruction ids of the reference registry, in its order.
    package static let registry: [String] = [
        "keywords:existence", "keywords:frequency", "keywords:forbidden_words", "keywords:letter_frequency",
        "language:response_language", "length_constraints:number_sentences",
        "length_constraints:number_paragraphs", "length_constraints:number_words",
        "length_constraints:nth_paragraph_first_word", "detectable_content:number_placeholders",
        "detectable_content:postscript", "detectable_format:number_bullet_lists",
        "detectable_format:constrained_response", "detectable_format:number_highlighted_sections",
        "detectable_format:multiple_sections", "detectable_format:json_format", "detectable_format:title",
        "combination:two_responses", "combination:repeat_prompt", "startend:end_checker",
        "change_case:capital_word_frequency", "change_case:english_capital", "change_case:english_lowercase",
        "punctuation:no_comma", "startend:quotation",
    ]

    /// Builds the instruction, or throws naming `file`, `line` and the kwargs field at fault.
    ///
    /// `null` kwargs count as absent (the Hugging Face copy of the data fills every key with `null`);
    /// an absent required kwarg is an error, where the reference would draw a random value.
    package init(
        id: String,
        kwargs: [String: JSONValue],
        file: String = "<input>",
        line: Int = 0,
        field: String = "kwargs"
    ) throws(IFEvalError) {
        self.id = id
        self.kwargs = kwargs
        var reader = KwargsReader(kwargs: kwargs, file: file, line: line, field: field)
        let rule: IFEvalRule
        switch id {
        case "keywords:existence":
            rule = .keywordsExistence(keywords: try reader.strings("keywords"))
        case "keywords:frequency":
            rule = .keywordFrequency(
                keyword: try reader.string("keyword"),
                frequency: try reader.integer("frequency"),
                relation: try reader.relation("relation")
            )
        case "keywords:forbidden_words":
            rule = .forbiddenWords(words: try reader.strings("forbidden_words"))
        case "keywords:letter_frequency":
            rule = .letterFrequency(
                letter: try reader.string("letter"),
                frequency: try reader.integer("let_frequency"),
                relation: try reader.relation("let_relation")
            )
        case "language:response_language":
            rule = .responseLanguage(language: try reader.string("language"))
        case "length_constraints:number_sentences":
            rule = .numberSentences(
                count: try reader.integer("num_sentences"),
                relation: try reader.relation("relation")
            )
        case "length_constraints:number_paragraphs":
            rule = .numberParagraphs(count: try reader.integer("num_paragraphs"))
        case "length_constraints:number_words":
            rule = .numberWords(count: try reader.integer("num_words"), relation: try reader.relation("relation"))
        case "length_constraints:nth_paragraph_first_word":
            let count = try reader.integer("num_paragraphs")
            let nth = try reader.integer("nth_paragraph")
            guard nth >= 1 && nth <= count else {
                throw .invalidField(
                    file: file,
                    line: line,
                    field: "\(field).nth_paragraph",
                    value: String(nth),
                    expected: "a number from 1 to num_paragraphs (\(count))"
                )
            }
            rule = .nthParagraphFirstWord(paragraphs: count, nth: nth, firstWord: try reader.string("first_word"))
        case "detectable_content:number_placeholders":
            rule = .numberPlaceholders(count: try reader.integer("num_placeholders"))
        case "detectable_content:postscript":
            rule = .postscript(marker: try reader.string("postscript_marker"))
        case "detectable_format:number_bullet_lists":
            rule = .numberBulletLists(count: try reader.integer("num_bullets"))
        case "detectable_format:constrained_response":
            rule = .constrainedResponse
        case "detectable_format:number_highlighted_sections":
            rule = .numberHighlightedSections(count: try reader.integer("num_highlights"))
        case "detectable_format:multiple_sections":
            rule = .multipleSections(
                splitter: try reader.string("section_spliter"),
                count: try reader.integer("num_sections")
            )
        case "detectable_format:json_format":
            rule = .jsonFormat
        case "detectable_format:title":
            rule = .title
        case "combination:two_responses":
            rule = .twoResponses
        case "combination:repeat_prompt":
            rule = .repeatPrompt(prompt: try reader.string("prompt_to_repeat"))
        case "startend:end_checker":
            rule = .endChecker(phrase: try reader.string("end_phrase"))
        case "startend:quotation":
            rule = .quotation
        case "change_case:capital_word_frequency":
            rule = .capitalWordFrequency(
                count: try reader.integer("capital_frequency"),
                relation: try reader.relation("capital_relation")
            )
        case "change_case:english_capital":
            rule = .englishCapital
        case "change_case:english_lowercase":
            rule = .englishLowercase
        case "punctuation:no_comma":
            rule = .noComma
        default:
            throw .unknownInstruction(file: file, line: line, field: "instruction_id_list", id: id)
        }
        try reader.rejectUnused()
        self.rule = rule
    }
}

/// A count comparison of the reference: `"less than"` is `<` and `"at least"` is `>=`.
package enum IFEvalRelation: String, Sendable, Codable {
    case lessThan = "less than"
    case atLeast = "at least"

    /// Whether `value` stands in this relation to `threshold`.
    package func holds(_ value: Int, _ threshold: Int) -> Bool {
        self == .lessThan ? value < threshold : value >= threshold
    }
}

/// Reads and type-checks kwargs, remembering which were used.
private struct KwargsReader {
    let kwargs: [String: JSONValue]
    let file: String
    let line: Int
    let field: String
    var used: Set<String> = []

    init(kwargs: [String: JSONValue], file: String, line: Int, field: String) {
        self.kwargs = kwargs
        self.file = file
        self.line = line
        self.field = field
    }

    mutating func value(_ name: String) throws(IFEvalError) -> JSONValue {
        used.insert(name)
        guard let value = kwargs[name], value != .null else {
            throw .missingField(file: file, line: line, field: "\(field).\(name)")
        }
        return value
    }

    func invalid(_ name: String, _ value: JSONValue, _ expected: String) -> IFEvalError {
        .invalidField(file: file, line: line, field: "\(field).\(name)", value: value.description, expected: expected)
    }

    mutating func integer(_ name: String) throws(IFEvalError) -> Int {
        let value = try value(name)
        guard case .integer(let number) = value else { throw invalid(name, value, "an integer") }
        return number
    }

    mutating func string(_ name: String) throws(IFEvalError) -> String {
        let value = try value(name)
        guard case .string(let text) = value else { throw invalid(name, value, "a string") }
        return text
    }

    mutating func strings(_ name: String) throws(IFEvalError) -> [String] {
        let value = try value(name)
        guard case .array(let items) = value else { throw invalid(name, value, "a list of strings") }
        var strings: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw invalid(name, value, "a list of strings") }
            strings.append(text)
        }
        return strings
    }

    mutating func relation(_ name: String) throws(IFEvalError) -> IFEvalRelation {
        let value = try value(name)
        guard case .string(let text) = value, let relation = IFEvalRelation(rawValue: text) else {
            throw invalid(name, value, "'less than' or 'at least'")
        }
        return relation
    }

    func rejectUnused() throws(IFEvalError) {
        let unused = kwargs.filter { !used.contains($0.key) && $0.value != .null }.keys.sorted()
        if let name = unused.first, let value = kwargs[name] {
            throw invalid(name, value, "no such kwarg for this instruction")
        }
    }
}
