package import ShortlistSupport

/// A problem opening, reading or writing the results store, with what the user needs to act on it.
package enum StoreError: ShortlistError, Equatable {
    /// An unknown or ambiguous run id is the user's to fix; the rest are failures.
    package var exitStatus: ExitStatus {
        switch self {
        case .runNotFound, .ambiguousRunID: .usage
        default: .failure
        }
    }

    /// The directory that should hold the database could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// The file could not be opened as a SQLite database.
    case cannotOpen(path: String, reason: String)
    /// The database was written by a newer shortlist (it has migrations this build does not know).
    case newerSchema(path: String, unknownMigrations: [String])
    /// No run has this id or id prefix; `suggestions` holds the closest ids.
    case runNotFound(id: String, suggestions: [String])
    /// More than one run id starts with this prefix.
    case ambiguousRunID(prefix: String, candidates: [String])
    /// A run with this id already exists.
    case duplicateRun(id: String)
    /// A successful response for this (run, item, repeat) is already stored; the runner did an item twice.
    case duplicateResponse(runID: String, itemID: String, repeatIndex: Int)
    /// A batch of grades was refused; the run's previous grades are unchanged.
    case invalidGrades(runID: String, reason: String)
    /// The export file could not be written.
    case exportFailed(path: String, reason: String)
    /// Any other database failure.
    case database(path: String, operation: String, message: String)

    package var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let reason):
            "Cannot create the directory for the store '\(path)': \(reason)"
        case .cannotOpen(let path, let reason):
            "Cannot open the store '\(path)' as a SQLite database: \(reason). "
                + "Pass another file with '--store PATH'."
        case .newerSchema(let path, let unknown):
            "The store '\(path)' was written by a newer shortlist (unknown migrations: "
                + "\(unknown.sorted().joined(separator: ", "))). Upgrade shortlist, or pass another file with "
                + "'--store PATH'."
        case .runNotFound(let id, let suggestions):
            if suggestions.isEmpty {
                "No run '\(id)'. List runs with 'shortlist runs list'."
            } else {
                "No run '\(id)'. Did you mean \(suggestions.map { "'\($0)'" }.joined(separator: " or "))?"
            }
        case .ambiguousRunID(let prefix, let candidates):
            "Run id prefix '\(prefix)' matches \(candidates.count) runs: "
                + "\(candidates.joined(separator: ", ")). Give more characters."
        case .duplicateRun(let id):
            "A run '\(id)' already exists."
        case .duplicateResponse(let runID, let itemID, let repeatIndex):
            "Run '\(runID)' already has a response for item '\(itemID)' repeat \(repeatIndex); "
                + "an item must not be done twice."
        case .invalidGrades(let runID, let reason):
            "Grades for run '\(runID)' were not saved (the previous grades are kept): \(reason)"
        case .exportFailed(let path, let reason):
            "Cannot write the export '\(path)': \(reason)"
        case .database(let path, let operation, let message):
            "The store '\(path)' failed to \(operation): \(message)"
        }
    }
}
