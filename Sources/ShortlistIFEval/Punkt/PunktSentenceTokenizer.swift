/// NLTK's Punkt sentence tokenizer (`nltk.tokenize.punkt.PunktSentenceTokenizer`), ported exactly.
///
/// This follows NLTK 3.9's `span_tokenize` with `realign_boundaries=True` and the default
/// `PunktLanguageVars` (sentence-end characters `.`, `?`, `!`). Every regular expression of the
/// Python code is a hand-written scanner over code points here, with Python's `\s`, `\w` and `\d`.
/// Newlines alone never end a sentence.
package struct PunktSentenceTokenizer: Sendable {
    /// The trained model this tokenizer applies.
    package let parameters: PunktParameters

    /// NLTK's English parameters, parsed once from the embedded data.
    package static let english = PunktSentenceTokenizer(parameters: .english)

    /// A tokenizer applying the given model.
    package init(parameters: PunktParameters) {
        self.parameters = parameters
    }

    /// `tokenize(text)` of NLTK (realign_boundaries = true): the sentences, as NLTK returns them.
    package func sentences(in text: String) -> [String] {
        let scalars = PythonText.scalars(text)
        return spans(of: scalars).map { PythonText.string(scalars[$0]) }
    }

    /// `span_tokenize(text)` of NLTK: the code-point ranges of the sentences.
    package func sentenceSpans(in text: String) -> [Range<Int>] {
        spans(of: PythonText.scalars(text))
    }

    /// The sentence ranges in `text`, each non-empty except where NLTK yields an empty slice.
    func spans(of scalars: [Unicode.Scalar]) -> [Range<Int>] {
        scalars.withUnsafeBufferPointer { spans(of: $0) }
    }

    private func spans(of text: UnsafeBufferPointer<Unicode.Scalar>) -> [Range<Int>] {
        let slices = slices(of: text)
        var result: [Range<Int>] = []
        result.reserveCapacity(slices.count)
        var realign = 0
        for index in slices.indices {
            let sentence = Slice(start: slices[index].start + realign, stop: slices[index].stop)
            guard index + 1 < slices.count else {
                if !sentence.isEmpty(in: text.count) { result.append(sentence.range(in: text.count)) }
                continue
            }
            let next = slices[index + 1]
            if let match = Self.boundaryRealignment(in: text, next) {
                result.append(Slice(start: sentence.start, stop: next.start + match.quotes).range(in: text.count))
                realign = match.end
            } else {
                realign = 0
                if !sentence.isEmpty(in: text.count) { result.append(sentence.range(in: text.count)) }
            }
        }
        return result
    }

    // MARK: - Candidate boundaries

    /// A Python `slice(start, stop)`, which may be empty or reversed.
    struct Slice {
        var start: Int
        var stop: Int

        func isEmpty(in count: Int) -> Bool { min(stop, count) <= start }

        func range(in count: Int) -> Range<Int> {
            let upper = min(stop, count)
            return start < upper ? start..<upper : start..<start
        }
    }

    /// One match of `period_context_re`: a sentence-end character and what follows it.
    struct EndMatch {
        /// The offset of the `.`, `?` or `!`.
        var position: Int
        /// The end of the `after_tok` group.
        var afterEnd: Int
        /// The start of the `next_tok` group, when the end character is followed by whitespace.
        var nextTokenStart: Int?
    }

    /// `_slices_from_text`: the sentence slices before realignment.
    private func slices(of text: UnsafeBufferPointer<Unicode.Scalar>) -> [Slice] {
        var slices: [Slice] = []
        var lastBreak = 0
        forEachPotentialEnd(in: text) { match, contextStart in
            if containsSentenceBreak(text[contextStart..<match.afterEnd]) {
                slices.append(Slice(start: lastBreak, stop: match.position + 1))
                lastBreak = match.nextTokenStart ?? match.position + 1
            }
        }
        var end = text.count
        while end > 0 && PythonCharacters.isSpace(text[end - 1]) { end -= 1 }
        slices.append(Slice(start: lastBreak, stop: end))
        return slices
    }

    /// `period_context_re().finditer(text)`: `[.?!]` followed by other punctuation or by whitespace and a token.
    @inline(__always)
    private static func endMatch(in text: UnsafeBufferPointer<Unicode.Scalar>, at position: Int) -> EndMatch? {
        let after = position + 1
        guard after < text.count else { return nil }
        if PunktScanner.isNonWord(text[after]) {
            return EndMatch(position: position, afterEnd: after + 1, nextTokenStart: nil)
        }
        guard PythonCharacters.isSpace(text[after]) else { return nil }
        var tokenStart = after + 1
        while tokenStart < text.count && PythonCharacters.isSpace(text[tokenStart]) { tokenStart += 1 }
        guard tokenStart < text.count else { return nil }
        var tokenEnd = tokenStart + 1
        while tokenEnd < text.count && !PythonCharacters.isSpace(text[tokenEnd]) { tokenEnd += 1 }
        return EndMatch(position: position, afterEnd: tokenEnd, nextTokenStart: tokenStart)
    }

    /// `_match_potential_end_contexts`: each candidate end with the start of its context, overlaps removed.
    ///
    /// NLTK's context is `text[previous_slice] + match.group() + match.group("after_tok")`, where
    /// `previous_slice` ends where the match starts: the range from the returned start to `afterEnd`.
    @inline(__always)
    private func forEachPotentialEnd(
        in text: UnsafeBufferPointer<Unicode.Scalar>,
        _ body: (EndMatch, Int) -> Void
    ) {
        var previousStart = 0
        var previousStop = 0
        var previousMatch: EndMatch?

        for position in text.indices where PunktScanner.isSentenceEnd(text[position]) {
            guard let match = Self.endMatch(in: text, at: position) else { continue }
            // _get_last_whitespace_index(text[previous_stop:position]): ASCII whitespace only,
            // and 0 both when there is none and when it is the first character.
            var lastWhitespace = 0
            if previousStop < position {
                var index = position - 1
                while index >= previousStop {
                    if PunktScanner.isASCIIWhitespace(text[index]) {
                        lastWhitespace = index - previousStop
                        break
                    }
                    index -= 1
                }
            }
            let wordStart = lastWhitespace != 0 ? lastWhitespace + previousStop + 1 : previousStart
            if let previous = previousMatch, previousStop <= wordStart {
                body(previous, previousStart)
            }
            previousMatch = match
            previousStart = wordStart
            previousStop = position
        }
        if let previous = previousMatch {
            body(previous, previousStart)
        }
    }

    /// `_realign_boundaries`' regular expression `["\')\]}]+?(?:\s+|(?=--)|$)` matched at the start of a slice.
    ///
    /// Returns the number of closing characters and the end of the match, relative to the slice.
    private static func boundaryRealignment(
        in text: UnsafeBufferPointer<Unicode.Scalar>,
        _ slice: Slice
    ) -> (quotes: Int, end: Int)? {
        let start = slice.start
        let stop = min(slice.stop, text.count)
        guard start < stop else { return nil }
        var position = start
        while position < stop && PunktScanner.isClosingPunctuation(text[position]) {
            position += 1
            if position == stop { return (position - start, position - start) }
            if PythonCharacters.isSpace(text[position]) {
                var end = position + 1
                while end < stop && PythonCharacters.isSpace(text[end]) { end += 1 }
                return (position - start, end - start)
            }
            if position + 1 < stop && text[position].isASCII(UInt8(ascii: "-"))
                && text[position + 1].isASCII(UInt8(ascii: "-"))
            {
                return (position - start, position - start)
            }
        }
        return nil
    }

    // MARK: - Token annotation

    /// `text_contains_sentbreak`: whether a token other than the last is annotated as a sentence break.
    ///
    /// Each token's second pass sees the next token after its first pass only, as in NLTK's pipeline.
    private func containsSentenceBreak(_ context: PunktScanner.Text) -> Bool {
        var previous: PunktToken?
        var found = false
        PunktScanner.forEachWord(in: context) { text in
            guard !found else { return }
            let token = PunktToken(text, parameters: parameters)
            if var candidate = previous {
                annotateSecondPass(&candidate, next: token)
                if candidate.sentenceBreak {
                    found = true
                    return
                }
            }
            previous = token
        }
        return found
    }

    /// The result of `_ortho_heuristic`.
    enum OrthographicEvidence {
        case sentenceStarter
        case notSentenceStarter
        case unknown
    }

    /// `_second_pass_annotation`: reclassifies a period-final token using the token after it.
    private func annotateSecondPass(_ token: inout PunktToken, next: PunktToken) {
        guard token.periodFinal else { return }
        let type = token.typeWithoutPeriod
        let nextType = next.typeWithoutSentencePeriod
        let isInitial = token.isInitial

        if parameters.collocations.contains(Collocation(first: type, second: nextType)) {
            token.sentenceBreak = false
            token.abbreviation = true
            return
        }

        if (token.abbreviation || token.ellipsis) && !isInitial {
            if orthographicHeuristic(next) == .sentenceStarter {
                token.sentenceBreak = true
                return
            }
            if next.firstUpper && parameters.sentenceStarters.contains(nextType) {
                token.sentenceBreak = true
                return
            }
        }

        if isInitial || type.value == "##number##" {
            let evidence = orthographicHeuristic(next)
            if evidence == .notSentenceStarter {
                token.sentenceBreak = false
                token.abbreviation = true
                return
            }
            if evidence == .unknown && isInitial && next.firstUpper
                && (parameters.orthographicContexts[nextType] ?? 0) & PunktToken.orthoLowercase == 0
            {
                token.sentenceBreak = false
                token.abbreviation = true
            }
        }
    }

    /// `_ortho_heuristic`: whether the orthographic context says `token` starts a sentence.
    private func orthographicHeuristic(_ token: PunktToken) -> OrthographicEvidence {
        if token.isPunctuation { return .notSentenceStarter }
        let context = parameters.orthographicContexts[token.typeWithoutSentencePeriod] ?? 0
        if token.firstUpper && context & PunktToken.orthoLowercase != 0
            && context & PunktToken.orthoMiddleUppercase == 0
        {
            return .sentenceStarter
        }
        if token.firstLower
            && (context & PunktToken.orthoUppercase != 0 || context & PunktToken.orthoBeginningLowercase == 0)
        {
            return .notSentenceStarter
        }
        return .unknown
    }
}
