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
        #if os(Linux)
            // Not Foundation's Process: its run() crashes now and then on Linux (see ChildProcess).
            let folder = TestPaths.temporaryDirectory("output")
            let child = try ChildProcess.spawn(
                executable: TestPaths.verifierExecutable,
                arguments: arguments,
                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
                directory: directory,
                output: folder + "/stdout",
                error: folder + "/stderr"
            )
            let ending = child.wait()
            let outputData = FileManager.default.contents(atPath: folder + "/stdout") ?? Data()
            let errorData = FileManager.default.contents(atPath: folder + "/stderr") ?? Data()
            try? FileManager.default.removeItem(atPath: folder)
            return Result(
                status: ending.status,
                stdout: String(decoding: outputData, as: UTF8.self),
                stderr: String(decoding: errorData, as: UTF8.self)
            )
        #else
            return try runWithFoundation(arguments, environment: environment, directory: directory)
        #endif
    }

    static func runWithFoundation(
        _ arguments: [String],
        environment: [String: String],
        directory: String?
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.verifierExecutable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        // Output goes to files, read after the child exits: reading pipes through FileHandle traps on an
        // interrupted read (EINTR) when a signal — another test's child exiting — lands mid-read.
        let folder = TestPaths.temporaryDirectory("output")
        let outPath = folder + "/stdout"
        let errPath = folder + "/stderr"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        guard let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath) else {
            throw CocoaError(.fileWriteUnknown)
        }
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        let outputData = FileManager.default.contents(atPath: outPath) ?? Data()
        let errorData = FileManager.default.contents(atPath: errPath) ?? Data()
        try? FileManager.default.removeItem(atPath: folder)
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
        #if os(Linux)
            let child = try ChildProcess.spawn(
                executable: TestPaths.verifierExecutable,
                arguments: arguments,
                environment: ProcessInfo.processInfo.environment,
                directory: directory,
                output: output
            )
            var sent = false
            var ending = child.poll()
            while ending == nil {
                if condition() {
                    child.send(signal)
                    sent = true
                    break
                }
                usleep(10_000)
                ending = child.poll()
            }
            let final = ending ?? child.wait()
            return (signal == SIGKILL ? final.signalled : sent, final.status)
        #else
            return try killWithFoundation(
                arguments,
                directory: directory,
                signal: signal,
                output: output,
                when: condition
            )
        #endif
    }

    static func killWithFoundation(
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
