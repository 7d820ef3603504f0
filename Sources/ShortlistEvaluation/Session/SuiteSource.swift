internal import Foundation
internal import ShortlistStore

/// Finds a suite by name: a built-in suite or a suite file.
package enum SuiteSource {
    /// The built-in suite called `name`, or the suite in the file at `name`, cut to its first `limit` items.
    package static func load(_ name: String, limit: Int?) throws(EvaluationError) -> Suite {
        var loaded: Suite
        do {
            if let builtIn = try BuiltInSuites.named(name) {
                loaded = builtIn
            } else if FileManager.default.fileExists(atPath: name) {
                loaded = try SuiteLoader().load(path: name)
            } else {
                throw EvaluationError.unknownSuite(name: name, builtIn: BuiltInSuites.names)
            }
        } catch let error as EvaluationError {
            throw error
        } catch let error as SuiteError {
            throw .suite(error)
        } catch {
            throw .unknownSuite(name: name, builtIn: BuiltInSuites.names)
        }
        if let limit, limit < loaded.items.count {
            loaded = Suite(
                name: loaded.name,
                description: loaded.description,
                items: Array(loaded.items.prefix(limit)),
                source: loaded.source
            )
        }
        return loaded
    }

    /// The suite a stored run used, checked against the version it recorded.
    static func resolve(
        _ name: String,
        run: RunRecord,
        stored: EvaluationConfiguration
    ) throws(EvaluationError)
        -> Suite
    {
        let suite = try load(name, limit: stored.itemLimit)
        if let version = run.suiteVersion, version != suite.version {
            throw .resumeMismatch(
                runID: run.id,
                reason: "suite '\(name)' is now version \(suite.version), the run used \(version); pass '--suite' "
                    + "with the original file"
            )
        }
        return suite
    }
}
