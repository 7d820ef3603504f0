import Testing

@testable import ShortlistIFEval

/// The behaviours of NLTK's Punkt and word tokenizer that IFEval's checkers depend on.
@Suite struct PunktTokenizerTests {
    private let punkt = PunktSentenceTokenizer.english

    @Test func newlinesAloneDoNotSplitSentences() {
        #expect(punkt.sentences(in: "line one\nline two\nline three") == ["line one\nline two\nline three"])
    }

    @Test func emptyAndBlankTextHaveNoSentences() {
        #expect(punkt.sentences(in: "").isEmpty)
        #expect(punkt.sentences(in: " \n\t ").isEmpty)
        #expect(NLTKWordTokenizer.wordTokenize("").isEmpty)
    }

    @Test(arguments: [
        ("Mr. Smith went home. He slept.", ["Mr. Smith went home.", "He slept."]),
        ("The U.S. economy grew. The U.K. did not.", ["The U.S. economy grew.", "The U.K. did not."]),
        ("(This is a sentence.) This is another.", ["(This is a sentence.)", "This is another."]),
        ("Very bad acting!!! I promise.", ["Very bad acting!!!", "I promise."]),
        ("Trailing spaces.   ", ["Trailing spaces."]),
    ])
    func sentencesMatchNLTK(text: String, expected: [String]) {
        #expect(punkt.sentences(in: text) == expected)
    }

    @Test func spansCountCodePoints() {
        // "e\u{301}" is one Character but two code points, as Python counts them.
        let text = "Caf" + "e\u{301}" + " is nice. Next."
        #expect(punkt.sentenceSpans(in: text) == [0..<14, 15..<20])
    }

    @Test func carriageReturnsStayInSentences() {
        let sentences = punkt.sentences(in: "Windows line.\r\nNext line.")
        #expect(
            sentences.map { Array($0.unicodeScalars) } == [
                Array("Windows line.".unicodeScalars), Array("Next line.".unicodeScalars),
            ]
        )
    }

    @Test(arguments: [
        ("DON'T stop", ["DO", "N'T", "stop"]),
        ("I'M here", ["I", "'M", "here"]),
        ("You can't", ["You", "ca", "n't"]),
        ("I'm gonna go", ["I", "'m", "gon", "na", "go"]),
        ("cannot", ["can", "not"]),
        ("'Tis true", ["'T", "is", "true"]),
    ])
    func contractionsSplit(text: String, expected: [String]) {
        #expect(NLTKWordTokenizer.wordTokenize(text) == expected)
    }

    @Test func doubleQuotesBecomeTreebankQuotes() {
        #expect(
            NLTKWordTokenizer.wordTokenize("\"Hello,\" she said.")
                == ["``", "Hello", ",", "''", "she", "said", "."]
        )
        #expect(
            NLTKWordTokenizer.wordTokenize("He said \"no\" twice.") == ["He", "said", "``", "no", "''", "twice", "."]
        )
    }

    @Test func periodsSplitOnlyAtTheEndOfEachSentence() {
        #expect(
            NLTKWordTokenizer.wordTokenize("Good muffins cost $3.88 in New York. Please buy me two of them.")
                == [
                    "Good", "muffins", "cost", "$", "3.88", "in", "New", "York", ".", "Please", "buy", "me", "two",
                    "of",
                    "them", ".",
                ]
        )
        // The tokenizer alone keeps inner periods: only the last one of its input is split off.
        #expect(NLTKWordTokenizer.tokenize("in New York.  Please buy me two of them.").contains("York."))
    }

    @Test func englishParametersAreComplete() {
        let parameters = PunktParameters.english
        #expect(parameters.abbreviationTypes.count == 156)
        #expect(parameters.collocations.count == 37)
        #expect(parameters.sentenceStarters.count == 39)
        #expect(parameters.orthographicContexts.count == 20366)
    }
}
