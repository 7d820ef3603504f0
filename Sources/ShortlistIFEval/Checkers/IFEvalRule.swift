/// The 25 checks of the reference registry, with their validated parameters.
package enum IFEvalRule: Sendable, Equatable {
    case keywordsExistence(keywords: [String])
    case keywordFrequency(keyword: String, frequency: Int, relation: IFEvalRelation)
    case forbiddenWords(words: [String])
    case letterFrequency(letter: String, frequency: Int, relation: IFEvalRelation)
    case responseLanguage(language: String)
    case numberSentences(count: Int, relation: IFEvalRelation)
    case numberParagraphs(count: Int)
    case numberWords(count: Int, relation: IFEvalRelation)
    case nthParagraphFirstWord(paragraphs: Int, nth: Int, firstWord: String)
    case numberPlaceholders(count: Int)
    case postscript(marker: String)
    case numberBulletLists(count: Int)
    case constrainedResponse
    case numberHighlightedSections(count: Int)
    case multipleSections(splitter: String, count: Int)
    case jsonFormat
    case title
    case twoResponses
    case repeatPrompt(prompt: String)
    case endChecker(phrase: String)
    case quotation
    case capitalWordFrequency(count: Int, relation: IFEvalRelation)
    case englishCapital
    case englishLowercase
    case noComma
}

/// What a counting check measured on one text, for `explain`.
package enum IFEvalMeasurement: Sendable, Equatable, CustomStringConvertible {
    /// A count: words, sentences, capital words, paragraphs, matches.
    case count(Int)
    /// The language langdetect found, or `nil` when it raised (no features).
    case language(String?)
    /// `str.isupper()`, `str.islower()` and the detected language.
    case caseAndLanguage(isUpper: Bool, isLower: Bool, language: String?)
    /// The paragraph count and the first word of the nth paragraph.
    case firstWord(paragraphs: Int, word: String)

    package var description: String {
        switch self {
        case .count(let count): String(count)
        case .language(let language): language ?? "none (no features)"
        case .caseAndLanguage(let isUpper, let isLower, let language):
            "isupper=\(isUpper) islower=\(isLower) lang=\(language ?? "none")"
        case .firstWord(let paragraphs, let word): "\(paragraphs) paragraphs, first word '\(word)'"
        }
    }
}

extension IFEvalRule {
    /// `check_following(text)` of the reference checker.
    package func check(_ text: IFEvalText) -> Bool {
        let t = text.scalars
        switch self {
        case .keywordsExistence(let keywords):
            let folded = PythonPatterns.fold(t)
            return keywords.allSatisfy { PythonPatterns.FoldedLiteral($0.unicodeScalars).occurs(in: folded) }
        case .keywordFrequency(_, let frequency, let relation):
            guard case .count(let count) = measure(text) else { return false }
            return relation.holds(count, frequency)
        case .forbiddenWords(let words):
            let folded = PythonPatterns.fold(t)
            return !words.contains {
                PythonPatterns.FoldedLiteral($0.unicodeScalars).occursAsWord(in: folded, scalars: t)
            }
        case .letterFrequency(_, let frequency, let relation):
            guard case .count(let count) = measure(text) else { return false }
            return relation.holds(count, frequency)
        case .responseLanguage(let language):
            guard let detected = Self.detectLanguage(text) else { return true }
            return detected == language
        case .numberSentences(let count, let relation):
            return relation.holds(Self.sentenceCount(text), count)
        case .numberParagraphs(let count):
            guard let paragraphs = Self.starParagraphCount(t) else { return false }
            return paragraphs == count
        case .numberWords(let count, let relation):
            return relation.holds(PythonPatterns.wordCount(t), count)
        case .nthParagraphFirstWord(let paragraphs, let nth, let firstWord):
            guard let (count, word) = Self.nthParagraphFirstWord(t, nth: nth) else { return false }
            return count == paragraphs && word == PythonString.lower(firstWord.unicodeScalars)
        case .numberPlaceholders(let count):
            return Self.placeholderCount(t) >= count
        case .postscript(let marker):
            return Self.hasPostscript(PythonString.lower(t), marker: marker)
        case .numberBulletLists(let count):
            return Self.bulletCount(t) == count
        case .constrainedResponse:
            let stripped = PythonString.strip(t)
            return ["My answer is yes.", "My answer is no.", "My answer is maybe."].contains {
                PythonString.contains(stripped, Array($0.unicodeScalars))
            }
        case .numberHighlightedSections(let count):
            return Self.highlightCount(t) >= count
        case .multipleSections(let splitter, let count):
            let marker = Array(PythonString.strip(splitter.unicodeScalars))
            return Self.sectionMarkerCount(t, splitter: marker) >= count
        case .jsonFormat:
            return PythonJSON.loads(Self.jsonCandidate(t))
        case .title:
            return Self.hasTitle(t)
        case .twoResponses:
            return Self.isTwoResponses(t)
        case .repeatPrompt(let prompt):
            let expected = PythonString.lower(PythonString.strip(prompt.unicodeScalars))
            return PythonString.hasPrefix(PythonString.lower(PythonString.strip(t)), expected)
        case .endChecker(let phrase):
            let stripped = PythonString.strip(PythonString.strip(t)) { $0 == "\"" }
            let expected = PythonString.lower(PythonString.strip(phrase.unicodeScalars))
            return PythonString.hasSuffix(PythonString.lower(stripped), expected)
        case .quotation:
            let stripped = PythonString.strip(t)
            return stripped.count > 1 && stripped.first == "\"" && stripped.last == "\""
        case .capitalWordFrequency(let count, let relation):
            return relation.holds(Self.capitalWordCount(text), count)
        case .englishCapital:
            guard PythonString.isUpper(t) else { return false }
            guard let language = Self.detectLanguage(text) else { return true }
            return language == "en"
        case .englishLowercase:
            guard PythonString.isLower(t) else { return false }
            guard let language = Self.detectLanguage(text) else { return true }
            return language == "en"
        case .noComma:
            return !t.contains(",")
        }
    }

    /// The quantity the check compares, where it has one; `nil` for pass/fail patterns.
    package func measure(_ text: IFEvalText) -> IFEvalMeasurement? {
        let t = text.scalars
        switch self {
        case .keywordFrequency(let keyword, _, _):
            let pattern = PythonPatterns.FoldedLiteral(PythonString.strip(keyword.unicodeScalars))
            return .count(pattern.count(in: PythonPatterns.fold(t)))
        case .letterFrequency(let letter, _, _):
            let wanted = PythonString.lower(PythonString.strip(letter.unicodeScalars))
            guard wanted.count == 1 else { return .count(0) }
            return .count(PythonString.lower(t).lazy.filter { $0 == wanted[0] }.count)
        case .responseLanguage:
            return .language(Self.detectLanguage(text))
        case .numberSentences:
            return .count(Self.sentenceCount(text))
        case .numberParagraphs:
            return Self.starParagraphCount(t).map { .count($0) }
        case .numberWords:
            return .count(PythonPatterns.wordCount(t))
        case .nthParagraphFirstWord(_, let nth, _):
            return Self.nthParagraphFirstWord(t, nth: nth).map {
                .firstWord(paragraphs: $0.paragraphs, word: PythonString.string($0.word))
            }
        case .numberPlaceholders:
            return .count(Self.placeholderCount(t))
        case .numberBulletLists:
            return .count(Self.bulletCount(t))
        case .numberHighlightedSections:
            return .count(Self.highlightCount(t))
        case .multipleSections(let splitter, _):
            return .count(Self.sectionMarkerCount(t, splitter: Array(PythonString.strip(splitter.unicodeScalars))))
        case .capitalWordFrequency:
            return .count(Self.capitalWordCount(text))
        case .englishCapital, .englishLowercase:
            return .caseAndLanguage(
                isUpper: PythonString.isUpper(t),
                isLower: PythonString.isLower(t),
                language: text.isBlank ? nil : Self.detectLanguage(text)
            )
        default:
            return nil
        }
    }
}
