// Temporary stand-ins for the Punkt and word tokenizer ports on another branch.
//
// They compile against the agreed signatures only; verdicts that depend on them differ from the
// reference until the real implementations are merged and this file is deleted.

/// Stand-in for the NLTK Punkt English sentence tokenizer: splits after `.`, `?` or `!` before whitespace.
package struct PunktSentenceTokenizer: Sendable {
    /// The English parameters.
    package static let english = PunktSentenceTokenizer()

    /// The sentences of `text`.
    package func sentences(in text: String) -> [String] {
        var sentences: [String] = []
        var current = String.UnicodeScalarView()
        var previousEndsSentence = false
        for scalar in text.unicodeScalars {
            if previousEndsSentence && PythonCharacters.isSpace(scalar) {
                let trimmed = String(current).trimmingPythonWhitespace()
                if !trimmed.isEmpty { sentences.append(trimmed) }
                current = String.UnicodeScalarView()
            }
            current.append(scalar)
            previousEndsSentence = scalar == "." || scalar == "?" || scalar == "!"
        }
        let trimmed = String(current).trimmingPythonWhitespace()
        if !trimmed.isEmpty { sentences.append(trimmed) }
        return sentences
    }
}

/// Stand-in for NLTK's `word_tokenize`: splits on whitespace and around `'`.
package enum NLTKWordTokenizer {
    /// The tokens of `text`.
    package static func wordTokenize(_ text: String) -> [String] {
        text.split(whereSeparator: { $0.isWhitespace }).flatMap { word -> [String] in
            guard let apostrophe = word.firstIndex(of: "'"), apostrophe != word.startIndex else {
                return [String(word)]
            }
            let head: Substring = word[word.startIndex..<apostrophe]
            let tail: Substring = word[apostrophe..<word.endIndex]
            return [String(head), String(tail)]
        }
    }
}

extension String {
    func trimmingPythonWhitespace() -> String {
        PythonString.string(PythonString.strip(Array(unicodeScalars)))
    }
}
