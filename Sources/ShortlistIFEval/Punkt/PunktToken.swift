/// A Punkt word token with the annotations of its first pass (`nltk.tokenize.punkt.PunktToken`).
struct PunktToken {
    /// Orthographic context: middle of a sentence, upper case.
    static let orthoMiddleUppercase = 1 << 2
    /// Orthographic context: beginning of a sentence, lower case.
    static let orthoBeginningLowercase = 1 << 4
    /// Orthographic context: upper case in any position.
    static let orthoUppercase = (1 << 1) | (1 << 2) | (1 << 3)
    /// Orthographic context: lower case in any position.
    static let orthoLowercase = (1 << 4) | (1 << 5) | (1 << 6)

    /// The token's text.
    let text: ArraySlice<Unicode.Scalar>
    /// The lowercased token, or "##number##" for a number.
    let type: ExactString
    /// Whether the token ends with a period.
    let periodFinal: Bool
    var sentenceBreak = false
    var abbreviation = false
    var ellipsis = false

    /// Creates the token and applies `_first_pass_annotation`.
    init(_ text: ArraySlice<Unicode.Scalar>, parameters: PunktParameters) {
        self.text = text
        self.type = Self.type(of: text)
        let last = text.last
        self.periodFinal = last?.isASCII(UInt8(ascii: ".")) ?? false

        if text.count == 1, let last, PunktScanner.isSentenceEnd(last) {
            sentenceBreak = true
        } else if text.count >= 2 && text.allSatisfy({ $0.isASCII(UInt8(ascii: ".")) }) {
            ellipsis = true
        } else if periodFinal && !(text.count >= 2 && text[text.endIndex - 2].isASCII(UInt8(ascii: "."))) {
            let body = PythonText.lower(text.dropLast())
            if parameters.abbreviationTypes.contains(ExactString(body))
                || parameters.abbreviationTypes.contains(ExactString(Self.lastHyphenComponent(body)))
            {
                abbreviation = true
            } else {
                sentenceBreak = true
            }
        }
    }

    /// `_get_type`: `_RE_NUMERIC.sub("##number##", tok.lower())`.
    private static func type(of text: ArraySlice<Unicode.Scalar>) -> ExactString {
        let lowered = PythonText.lower(text)
        return ExactString(isNumeric(lowered.unicodeScalars) ? "##number##" : lowered)
    }

    /// `^-?[\.,]?\d[\d,\.-]*\.?$` matched against the whole (lowercased) token.
    private static func isNumeric(_ scalars: String.UnicodeScalarView) -> Bool {
        var index = scalars.startIndex
        let end = scalars.endIndex
        if index < end && scalars[index].isASCII(UInt8(ascii: "-")) { index = scalars.index(after: index) }
        if index < end && (scalars[index].isASCII(UInt8(ascii: ".")) || scalars[index].isASCII(UInt8(ascii: ","))) {
            index = scalars.index(after: index)
        }
        guard index < end, PythonCharacters.isDecimal(scalars[index]) else { return false }
        index = scalars.index(after: index)
        while index < end {
            let scalar = scalars[index]
            guard
                PythonCharacters.isDecimal(scalar) || scalar.isASCII(UInt8(ascii: ","))
                    || scalar.isASCII(UInt8(ascii: ".")) || scalar.isASCII(UInt8(ascii: "-"))
            else { return false }
            index = scalars.index(after: index)
        }
        return true
    }

    /// `s.split("-")[-1]`.
    private static func lastHyphenComponent(_ string: String) -> String {
        guard let hyphen = string.unicodeScalars.lastIndex(of: "-") else { return string }
        return String(string.unicodeScalars[string.unicodeScalars.index(after: hyphen)...])
    }

    /// `type_no_period`: the type without its final period, if it is longer than one character.
    var typeWithoutPeriod: ExactString {
        let bytes = type.value.utf8
        guard bytes.last == UInt8(ascii: "."), bytes.count > 1 else { return type }
        return ExactString(String(decoding: bytes.dropLast(), as: UTF8.self))
    }

    /// `type_no_sentperiod`: the type without its final period if the token is a sentence break.
    var typeWithoutSentencePeriod: ExactString {
        sentenceBreak ? typeWithoutPeriod : type
    }

    /// `first_upper`: `tok[0].isupper()`.
    var firstUpper: Bool { text.first.map(PythonText.isUpper) ?? false }

    /// `first_lower`: `tok[0].islower()`.
    var firstLower: Bool { text.first.map(PythonText.isLower) ?? false }

    /// `is_initial`: `[^\W\d]\.$`, one non-digit word character and a period.
    var isInitial: Bool {
        guard text.count == 2, let first = text.first, let last = text.last else { return false }
        return last.isASCII(UInt8(ascii: ".")) && PythonCharacters.isWord(first) && !PythonCharacters.isDecimal(first)
    }

    /// `tok in PUNCTUATION`: the token is exactly one of `;:,.!?`.
    var isPunctuation: Bool {
        guard text.count == 1, let scalar = text.first, scalar.isASCII else { return false }
        switch UInt8(scalar.value) {
        case UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "!"),
            UInt8(ascii: "?"):
            return true
        default:
            return false
        }
    }
}
