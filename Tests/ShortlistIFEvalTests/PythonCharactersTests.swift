import Testing

@testable import ShortlistIFEval

@Suite struct PythonCharactersTests {
    @Test func spaceMatchesPythonIsspace() {
        // Python: [c for c in map(chr, range(0x3001)) if c.isspace()]
        let expected: Set<UInt32> = [
            0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680,
            0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A,
            0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
        ]
        for value in UInt32(0)...0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(PythonCharacters.isSpace(scalar) == expected.contains(value), "U+\(String(value, radix: 16))")
        }
    }

    @Test func wordExcludesCombiningMarks() {
        // "नमस्ते": न म स ् त े — the virama (U+094D) and vowel sign (U+0947) are marks.
        let scalars = Array("नमस्ते".unicodeScalars)
        #expect(scalars.map(PythonCharacters.isWord) == [true, true, true, false, true, false])
        #expect(PythonCharacters.isWord("_"))
        #expect(PythonCharacters.isWord("²"))  // No: has a numeric value
        #expect(!PythonCharacters.isWord("'"))
    }
}
