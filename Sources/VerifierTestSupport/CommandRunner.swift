import Foundation

/// Launches the built `verifier` binary and captures what it printed, as ArgumentParser's
/// `AssertExecuteCommand` does.
public enum CommandRunner {
    /// What a command did.
    public struct Result: Sendable {
        /// The exit status.
        public var status: Int32
        /// Standard output.
        public var stdout: String
        /// Standard error.
        public var stderr: String
    }

    /// Runs `verifier` with arguments.
    /// - Parameters:
    ///   - arguments: The arguments.
    ///   - environment: Extra environment variables.
    ///   - directory: The working directory.
    /// - Returns: The exit status and output.
    /// - Throws: When the binary cannot be launched.
    public static func verifier(
        _ arguments: [String],
        environment: [String: String] = [:],
        directory: String? = nil
    ) async throws -> Result {
        try await offThePool { try runBlocking(arguments, environment: environment, directory: directory) }
    }

    /// Runs blocking work on a Dispatch thread, so that waiting for a child process never holds one of
    /// the few threads Swift concurrency runs every other test on.
    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Swift.Result { try work() }) }
        }
    }

    static func runBlocking(
        _ arguments: [String],
        environment: [String: String],
        directory: String?
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.verifierExecutable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently so a chatty child cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self)
        )
    }

    /// Runs `verifier` and kills it with SIGKILL as soon as `condition` holds (polled every 10 ms),
    /// unless it ends first.
    /// - Parameters:
    ///   - arguments: The arguments.
    ///   - directory: The working directory.
    ///   - condition: When to kill.
    /// - Returns: Whether the kill interrupted it, and its exit status (or signal).
    /// - Throws: When the binary cannot be launched.
    ///   - signal: The signal to send (SIGKILL by default; SIGINT asks for a clean stop).
    ///   - output: A file that receives standard output, if wanted.
    public static func verifierKilled(
        _ arguments: [String],
        directory: String? = nil,
        signal: Int32 = SIGKILL,
        output: String? = nil,
        when condition: @escaping @Sendable () -> Bool
    ) async throws -> (killed: Bool, status: Int32) {
        try await offThePool {
            try killBlocking(arguments, directory: directory, signal: signal, output: output, when: condition)
        }
    }

    static func killBlocking(
        _ arguments: [String],
        directory: String?,
        signal: Int32,
        output: String?,
        when condition: @escaping @Sendable () -> Bool
    ) throws -> (killed: Bool, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.verifierExecutable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let output {
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: output)
        } else {
            process.standardOutput = FileHandle.nullDevice
        }
        process.standardError = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        var sent = false
        while process.isRunning {
            if condition() {
                kill(pid, signal)
                sent = true
                break
            }
            usleep(10_000)
        }
        process.waitUntilExit()
        let killed = signal == SIGKILL ? process.terminationReason == .uncaughtSignal : sent
        return (killed, process.terminationStatus)
    }
}
