/// The trained Punkt model: abbreviations, collocations, sentence starters and orthographic contexts.
///
/// Lookups compare code points exactly, as Python's `set` and `dict` do; Swift `String` equality
/// would also match canonically equivalent strings (U+037E against ";").
package struct PunktParameters: Sendable {
    /// Word types (lowercase, without the final period) known to be abbreviations.
    var abbreviationTypes: Set<ExactString>
    /// Pairs of word types where a period after the first does not end a sentence.
    var collocations: Set<Collocation>
    /// Word types that often start a sentence.
    var sentenceStarters: Set<ExactString>
    /// The orthographic-context flags seen for each word type.
    var orthographicContexts: [ExactString: Int]

    /// Reads the four files of NLTK's `punkt_tab` format, as `load_punkt_params` does.
    ///
    /// Each file is split on "\n" and a final "\n" is removed from each line, so a file that ends
    /// with a newline gives no empty entry. Fields in `.tab` files are separated by tabs.
    package init(
        abbreviationTypes: String,
        collocations: String,
        sentenceStarters: String,
        orthographicContexts: String
    ) {
        self.abbreviationTypes = Set(Self.lines(abbreviationTypes).map(ExactString.init))
        self.sentenceStarters = Set(Self.lines(sentenceStarters).map(ExactString.init))
        var pairs = Set<Collocation>()
        for line in Self.lines(collocations) {
            let fields = Self.fields(line)
            guard fields.count == 2 else { continue }
            pairs.insert(Collocation(first: ExactString(fields[0]), second: ExactString(fields[1])))
        }
        self.collocations = pairs
        let contextLines = Self.lines(orthographicContexts)
        var contexts: [ExactString: Int] = [:]
        contexts.reserveCapacity(contextLines.count)
        for line in contextLines {
            let fields = Self.fields(line)
            guard fields.count == 2, let flags = Int(fields[1]) else { continue }
            contexts[ExactString(fields[0])] = flags
        }
        self.orthographicContexts = contexts
    }

    /// NLTK's English parameters, from the embedded `data/punkt-english/` files.
    package static let english: PunktParameters = {
        func file(_ name: String) -> String {
            guard let contents = IFEvalData.file("data/punkt-english/\(name)") else {
                preconditionFailure("data/punkt-english/\(name) is not embedded")
            }
            return contents
        }
        return PunktParameters(
            abbreviationTypes: file("abbrev_types.txt"),
            collocations: file("collocations.tab"),
            sentenceStarters: file("sent_starters.txt"),
            orthographicContexts: file("ortho_context.tab")
        )
    }()

    /// The lines of a file as Python iterates them, each without its final "\n".
    private static func lines(_ contents: String) -> [String] {
        var lines = split(contents, on: UInt8(ascii: "\n"))
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The tab-separated fields of a line.
    private static func fields(_ line: String) -> [String] {
        split(line, on: UInt8(ascii: "\t"))
    }

    /// `s.split(separator)` for an ASCII separator, which never occurs inside a multi-byte UTF-8 sequence.
    private static func split(_ string: String, on separator: UInt8) -> [String] {
        var parts: [String] = []
        let bytes = string.utf8
        var start = bytes.startIndex
        var index = start
        while index != bytes.endIndex {
            if bytes[index] == separator {
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        parts.append(String(decoding: bytes[start..<bytes.endIndex], as: UTF8.self))
        return parts
    }
}

/// A string compared and hashed by its code points, like a Python `str`.
struct ExactString: Hashable, Sendable {
    let value: String

    init(_ value: String) { self.value = value }

    static func == (lhs: ExactString, rhs: ExactString) -> Bool {
        // String's == is fast but also accepts canonically equivalent strings; confirm the code points.
        lhs.value == rhs.value && lhs.value.utf8.elementsEqual(rhs.value.utf8)
    }

    func hash(into hasher: inout Hasher) {
        // Equal code points imply equal String hashes, so String's (fast) hash is consistent with ==.
        hasher.combine(value)
    }
}

/// A pair of word types, the key of Punkt's collocation set.
struct Collocation: Hashable, Sendable {
    let first: ExactString
    let second: ExactString
}
