import ShortlistIFEval
import Testing

/// Python `str` semantics the checkers depend on.
@Suite struct PythonStringTests {
    static func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

    @Test func stripUsesPythonWhitespace() {
        #expect(PythonString.string(PythonString.strip(Self.scalars("\u{1C}\u{85} a \u{3000}"))) == "a")
        #expect(PythonString.string(PythonString.strip(Self.scalars("\u{200B}a\u{FEFF}"))) == "\u{200B}a\u{FEFF}")
    }

    @Test func lowerIsFullMappingWithFinalSigma() {
        #expect(PythonString.string(PythonString.lower(Self.scalars("İ"))) == "i\u{307}")
        #expect(PythonString.string(PythonString.lower(Self.scalars("ΟΔΟΣ ΣΑ"))) == "οδος σα")
    }

    @Test(arguments: [("ABC 1", true, false), ("abc", false, true), ("123", false, false), ("\u{01C5}", false, false)])
    func caseTests(text: String, upper: Bool, lower: Bool) {
        #expect(PythonString.isUpper(Self.scalars(text)) == upper)
        #expect(PythonString.isLower(Self.scalars(text)) == lower)
    }

    @Test func wordCountIsPythonBackslashWPlus() {
        #expect(PythonPatterns.wordCount(Self.scalars("café_x don't 3.14 नमस्ते")) == 1 + 2 + 2 + 2)
    }
}
