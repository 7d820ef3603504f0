package import ShortlistSupport

/// A problem with a catalog file or a catalog lookup.
///
/// Every case carries what the user needs to fix the input: the file and line, the field path,
/// the bad value and, where one is close, a suggestion.
package enum CatalogError: ShortlistError, Equatable {
    /// The file is not valid YAML or JSON.
    case malformed(SourceLocation, problem: String)
    /// A field has a value of the wrong type or outside its range.
    case invalidField(SourceLocation, field: String, value: String, expected: String)
    /// A required field is absent.
    case missingField(SourceLocation, field: String)
    /// A key that the format does not know, most likely a typo.
    case unknownField(SourceLocation, field: String, suggestion: String?)
    /// A fact cites a source key that no `sources:` block defines.
    case unknownSource(SourceLocation, field: String, source: String, suggestion: String?)
    /// Two entries in the same file share an id.
    case duplicateEntry(SourceLocation, id: String)
    /// A catalog file could not be read.
    case unreadable(path: String, reason: String)
    /// No model with this id, repository or alias.
    case unknownModel(String, suggestions: [String])
    /// No GPU with this id or alias.
    case unknownGPU(String, suggestions: [String])

    package var description: String {
        switch self {
        case .malformed(let location, let problem):
            "\(location): malformed YAML: \(problem)."
        case .invalidField(let location, let field, let value, let expected):
            "\(location): field '\(field)' has invalid value '\(value)'; expected \(expected)."
        case .missingField(let location, let field):
            "\(location): required field '\(field)' is missing."
        case .unknownField(let location, let field, let suggestion):
            "\(location): unknown field '\(field)'." + Self.didYouMean(suggestion.map { [$0] } ?? [])
        case .unknownSource(let location, let field, let source, let suggestion):
            "\(location): field '\(field)' cites source '\(source)', which no 'sources:' block defines."
                + Self.didYouMean(suggestion.map { [$0] } ?? [])
        case .duplicateEntry(let location, let id):
            "\(location): '\(id)' is defined twice in this file."
        case .unreadable(let path, let reason):
            "\(path): cannot read the file: \(reason)."
        case .unknownModel(let name, let suggestions):
            "Unknown model '\(name)'." + Self.didYouMean(suggestions)
                + (suggestions.isEmpty ? " Run 'shortlist catalog list' to see the catalog." : "")
        case .unknownGPU(let name, let suggestions):
            "Unknown GPU '\(name)'." + Self.didYouMean(suggestions)
                + (suggestions.isEmpty ? " Run 'shortlist catalog gpus' to see the GPU table." : "")
        }
    }

    private static func didYouMean(_ suggestions: [String]) -> String { Suggestions.phrase(suggestions) }

    package var exitStatus: ExitStatus {
        switch self {
        case .unknownModel, .unknownGPU: .usage
        default: .dataError
        }
    }
}
