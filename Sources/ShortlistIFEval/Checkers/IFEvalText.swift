/// A text to check, held as Python sees it: a sequence of code points.
package struct IFEvalText: Sendable {
    /// The code points.
    package let scalars: [Unicode.Scalar]

    /// The same text as a Swift string, for the tokenizers and the language detector (built once).
    package let string: String

    /// Wraps a Swift string.
    package init(_ string: String) {
        self.string = string
        scalars = Array(string.unicodeScalars)
    }

    /// Wraps code points.
    package init(scalars: some Sequence<Unicode.Scalar>) {
        self.scalars = Array(scalars)
        string = PythonString.string(self.scalars)
    }

    /// Whether `text.strip()` is empty, which fails every instruction.
    package var isBlank: Bool { PythonString.isBlank(scalars) }
}
