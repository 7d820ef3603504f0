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

    /// The lowercased token, or "##number##" for a number.
    let type: ExactString
    /// Whether the token ends with a period.
    let periodFinal: Bool
    /// `first_upper`: `tok[0].isupper()`.
    let firstUpper: Bool
    /// `first_lower`: `tok[0].islower()`.
    let firstLower: Bool
    /// `is_initial`: `[^\W\d]\.$`, one non-digit word character and a period.
    let isInitial: Bool
    /// `tok in PUNCTUATION`: the token is exactly one of `;:,.!?`.
    let isPunctuation: Bool
    var sentenceBreak = false
    var abbreviation = false
    var ellipsis = false

    /// Creates the token and applies `_first_pass_annotation`.
    init(_ text: PunktScanner.Text, parameters: PunktParameters) {
        self.type = Self.type(of: text)
        let first = text.first
        self.firstUpper = first.map(PythonText.isUpper) ?? false
        self.firstLower = first.map(PythonText.isLower) ?? false
        self.isInitial = Self.isInitial(text)
        self.isPunctuation = Self.isPunctuation(text)
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
    ///
    /// Lowercasing never makes or unmakes a digit, `-`, `.` or `,`, so the token itself is tested.
    private static func type(of text: PunktScanner.Text) -> ExactString {
        ExactString(isNumeric(text) ? "##number##" : PythonText.lower(text))
    }

    /// `^-?[\.,]?\d[\d,\.-]*\.?$` matched against the whole (lowercased) token.
    private static func isNumeric(_ scalars: PunktScanner.Text) -> Bool {
        var index = scalars.startIndex
        let end = scalars.endIndex
        if index < end && scalars[index].isASCII(UInt8(ascii: "-")) { index += 1 }
        if index < end && (scalars[index].isASCII(UInt8(ascii: ".")) || scalars[index].isASCII(UInt8(ascii: ","))) {
            index += 1
        }
        guard index < end, PythonText.isDecimal(scalars[index]) else { return false }
        index += 1
        while index < end {
            let scalar = scalars[index]
            guard
                scalar.isASCII(UInt8(ascii: ",")) || scalar.isASCII(UInt8(ascii: "."))
                    || scalar.isASCII(UInt8(ascii: "-")) || PythonText.isDecimal(scalar)
            else { return false }
            index += 1
        }
        return true
    }

    /// `s.split("-")[-1]`.
    private static func lastHyphenComponent(_ string: String) -> String {
        let bytes = string.utf8
        guard let hyphen = bytes.lastIndex(of: UInt8(ascii: "-")) else { return string }
        return String(decoding: bytes[bytes.index(after: hyphen)...], as: UTF8.self)
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

    /// `is_initial`: `[^\W\d]\.$`, one non-digit word character and a period.
    private static func isInitial(_ text: PunktScanner.Text) -> Bool {
        guard text.count == 2, let first = text.first, let last = text.last else { return false }
        return last.isASCII(UInt8(ascii: ".")) && PythonCharacters.isWord(first) && !PythonText.isDecimal(first)
    }

    /// `tok in PUNCTUATION`: the token is exactly one of `;:,.!?`.
    private static func isPunctuation(_ text: PunktScanner.Text) -> Bool {
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
