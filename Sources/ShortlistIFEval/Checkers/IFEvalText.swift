/// A text to check, held as Python sees it: a sequence of code points.
package struct IFEvalText: Sendable {
    /// The code points.
    package let scalars: [Unicode.Scalar]

    /// Wraps a Swift string.
    package init(_ string: String) {
        scalars = Array(string.unicodeScalars)
    }

    /// Wraps code points.
    package init(scalars: some Sequence<Unicode.Scalar>) {
        self.scalars = Array(scalars)
    }

    /// The text as a Swift string, for the tokenizers and the language detector.
    package var string: String { PythonString.string(scalars) }

    /// Whether `text.strip()` is empty, which fails every instruction.
    package var isBlank: Bool { PythonString.isBlank(scalars) }
}
