package import Foundation

#if canImport(Glibc)
internal import Glibc
#endif

/// Runs the built `shortlist` executable like a user would, capturing its output and exit code.
package struct CommandLineTool {
    package struct Result: Sendable {
        package var status: Int32
        package var stdout: String
        package var stderr: String
    }

    /// The executable: `SHORTLIST_BIN` if set, else the `shortlist` next to the test bundle in the build folder.
    package static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["SHORTLIST_BIN"] { return URL(fileURLWithPath: path) }
        var directory = Bundle.main.bundleURL
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("shortlist")
    }

    /// Runs `shortlist` with `arguments`; `environment` entries are added to a minimal environment.
    ///
    /// The wait happens on a GCD thread: a test blocking one of Swift's few cooperative threads for the life of a
    /// child process starves every other test's tasks and timers on a two-core machine.
    package static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        currentDirectory: URL? = nil
    ) async throws -> Result {
        try await blockingWork {
            try runBlocking(arguments, environment: environment, currentDirectory: currentDirectory)
        }
    }

    private static func runBlocking(
        _ arguments: [String],
        environment: [String: String],
        currentDirectory: URL?
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { _, new in new }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting so a large output can't block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }
}

/// A `shortlist` process started in the background, for tests that interrupt it.
package final class RunningTool: @unchecked Sendable {
    // Process is not Sendable; this wrapper only touches it from the test that owns it.
    private let process: Process
    private let outputURL: URL
    private let errorURL: URL

    /// Starts `shortlist` with `arguments`; output goes to files so the child never blocks on a pipe.
    package init(_ arguments: [String], environment: [String: String] = [:]) throws {
        let directory = try RepositoryPaths.temporaryDirectory("shortlist-running")
        outputURL = directory.appendingPathComponent("stdout")
        errorURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        process = Process()
        process.executableURL = CommandLineTool.executable
        process.arguments = arguments
        var env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        try process.run()
    }

    package var isRunning: Bool { process.isRunning }

    /// Sends SIGINT, as Ctrl-C would.
    package func interrupt() { process.interrupt() }

    /// Waits for the process to exit (polling, so the caller's task stays cancellable).
    package func wait(timeout: Duration = .seconds(300)) async throws -> CommandLineTool.Result {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                throw CocoaError(.executableLoad)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return CommandLineTool.Result(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
        )
    }
}

/// The local SmolLM2 server of `scripts/local-llm`, started and stopped from tests.
package enum LocalModelServer {
    package static let model = "smollm2-135m-instruct"

    /// The engines `scripts/local-llm` runs.
    package enum Engine: String, Sendable, CaseIterable {
        /// llama-cpp-python's server: one request at a time.
        case llamaCppPython = "llama-cpp-python"
        /// llama.cpp's own server (xllamacpp): continuous batching over 8 slots.
        case llamaCpp = "llama.cpp"
        /// vLLM's CPU build: continuous batching.
        case vllm
    }

    /// Starts (or finds running) the server on `port` and returns its API root.
    ///
    /// A start takes up to a minute (vLLM); it waits on a GCD thread, not a cooperative one.
    @discardableResult
    package static func start(port: Int, engine: Engine = .llamaCppPython) async throws -> String {
        let result = try await blockingWork { try script(["--engine", engine.rawValue, "start", "\(port)"]) }
        guard result.status == 0 else {
            throw CocoaError(
                .fileReadUnknown,
                userInfo: [NSLocalizedDescriptionKey: "local-llm start failed: \(result.stderr)"]
            )
        }
        return "http://127.0.0.1:\(port)/v1"
    }

    /// Kills the server on `port` with SIGKILL, like a crash.
    package static func kill(port: Int) throws {
        _ = try script(["kill", "\(port)"])
    }

    package static func stop(port: Int) throws {
        _ = try script(["stop", "\(port)"])
    }

    private static func script(_ arguments: [String]) throws -> CommandLineTool.Result {
        // posix_spawn and waitpid rather than Foundation's Process: the script leaves a server running in
        // the background, and Process on Linux did not notice the script's exit then (it stayed a zombie).
        // Output goes to files, since the server could inherit a pipe and keep it open.
        let directory = try RepositoryPaths.temporaryDirectory("local-llm")
        let outputPath = directory.appendingPathComponent("stdout").path
        let errorPath = directory.appendingPathComponent("stderr").path
        let argv = ["/bin/bash", RepositoryPaths.file("scripts/local-llm").path] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "posix_spawn failed: \(spawned)"])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = (status & 0x7f) == 0
        return CommandLineTool.Result(
            status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f),
            stdout: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        )
    }
}

/// Runs blocking work (waiting for a child process) on a GCD thread and awaits its result, so Swift's cooperative
/// threads stay free for other tests' tasks and timers meanwhile.
package func blockingWork<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result(catching: work)) }
    }
}
