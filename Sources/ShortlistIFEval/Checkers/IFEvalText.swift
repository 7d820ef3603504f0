/// A text to check, held as Python sees it: a sequence of code points.
package struct IFEvalText: Sendable {
    /// The code points.
    package let scalars: [Unicode.Scalar]

    /// The string this text was made from, if it was made from one.
    private let original: String?

    /// Wraps a Swift string.
    package init(_ string: String) {
        original = string
        scalars = PythonText.scalars(string)
    }

    /// Wraps code points.
    package init(scalars: some Sequence<Unicode.Scalar>) {
        self.scalars = Array(scalars)
        original = nil
    }

    /// The same text as a Swift string, built on demand: the checkers work on ``scalars``.
    package var string: String { original ?? PythonText.string(scalars) }

    /// Whether `text.strip()` is empty, which fails every instruction.
    package var isBlank: Bool { PythonString.isBlank(scalars) }
}
