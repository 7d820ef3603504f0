package import ShortlistStore
package import ShortlistSupport

/// A problem starting, resuming or grading a run.
package enum EvaluationError: ShortlistError, Sendable, Equatable {
    /// The stored run cannot be continued with this suite, model or endpoint.
    case resumeMismatch(runID: String, reason: String)
    /// Every slot of the run already has an answer.
    case runFinished(runID: String)
    /// Neither a built-in suite nor a file.
    case unknownSuite(name: String, builtIn: [String])
    /// The suite file is malformed.
    case suite(SuiteError)
    /// A stored run's settings could not be read back.
    case unreadableRun(runID: String, field: String, reason: String)
    /// The suite has remote checks and no judge was given.
    case judgeRequired(suite: String)
    /// A stop request came while grading; the run's previous grades are kept.
    case gradingInterrupted(runID: String)
    /// The store failed.
    case store(StoreError)

    package var exitStatus: ExitStatus {
        switch self {
        case .resumeMismatch, .runFinished, .unknownSuite, .judgeRequired: .usage
        case .suite: .dataError
        case .store(let error): error.exitStatus
        case .unreadableRun: .failure
        case .gradingInterrupted: .interrupted
        }
    }

    package var description: String {
        switch self {
        case .resumeMismatch(let id, let reason): "Cannot resume run '\(id)': \(reason)."
        case .runFinished(let id):
            "Run '\(id)' is already complete. Grade it again with 'shortlist eval --regrade \(id)'."
        case .unknownSuite(let name, let builtIn):
            "No suite '\(name)': it is neither a built-in suite (\(builtIn.joined(separator: ", "))) nor a file."
        case .suite(let error): error.description
        case .unreadableRun(let id, let field, let reason): "Run '\(id)' has an unreadable \(field): \(reason)."
        case .judgeRequired(let suite):
            "Suite '\(suite)' has judge checks: pass '--judge-model MODEL' (and '--judge-endpoint URL' when the judge "
                + "runs elsewhere)."
        case .gradingInterrupted(let id):
            "Grading of run '\(id)' was interrupted; its previous grades are kept. Grade it with 'shortlist eval "
                + "--regrade \(id)' (stored judge answers are re-used)."
        case .store(let error): error.description
        }
    }
}
