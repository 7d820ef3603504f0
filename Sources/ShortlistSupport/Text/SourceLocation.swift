/// Where something in an input file was read from: the file and, where known, the line.
package struct SourceLocation: Sendable, Hashable, Encodable, CustomStringConvertible {
    package var file: String
    package var line: Int?

    package init(file: String, line: Int?) {
        self.file = file
        self.line = line
    }

    /// `file:line`, or the file alone when the line is unknown.
    package var description: String {
        if let line { "\(file):\(line)" } else { file }
    }
}
