/// The exit statuses the README documents, one per kind of failure.
///
/// Libraries say which kind a failure is; only the executable turns it into a process exit.
package enum ExitStatus: Int32, Sendable, Equatable {
    /// A run or a request failed (the endpoint went away, the disk filled).
    case failure = 1
    /// EX_USAGE: a bad flag, an unknown name, a combination that cannot work.
    case usage = 64
    /// EX_DATAERR: an input file is malformed.
    case dataError = 65
    /// A run was interrupted (Ctrl-C or SIGTERM) and can be resumed.
    case interrupted = 130
}

/// An error Shortlist reports to a person: one sentence, and the exit status it stands for.
///
/// Every target's error type conforms, so the executable has one `catch` that prints the description on one
/// line and exits with ``exitStatus``.
package protocol ShortlistError: Error, CustomStringConvertible {
    /// The process exit status this error means when it ends a command.
    var exitStatus: ExitStatus { get }
}
