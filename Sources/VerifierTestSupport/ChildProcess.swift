import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process started with `posix_spawn`, its output sent to files.
///
/// Foundation's `Process.run()` on Linux reads `/proc/self/fd` with a copy of the whole 256-byte
/// `dirent.d_name`, past the end of glibc's buffer when an entry sits at its tail, and crashes the test
/// process now and then (swift-corelibs-foundation pull request #5472, seen here with Swift 6.3.1 when
/// many tests start children at once). Spawning directly avoids that code. Like `Process`, the child gets
/// only standard input, output and error: every other descriptor is closed in it, so that a socket of a mock
/// host in the test process is not held open by a child (its peer would never see the connection close).
public struct ChildProcess: Sendable {
    /// How a child ended.
    public struct Ending: Sendable, Hashable {
        /// The exit code, or the signal's number when a signal ended it.
        public var status: Int32
        /// Whether a signal ended it.
        public var signalled: Bool
    }

    /// The child's process id.
    public let pid: pid_t

    /// Starts a child.
    /// - Parameters:
    ///   - executable: The program's path.
    ///   - arguments: Its arguments (without the program itself).
    ///   - environment: Its whole environment.
    ///   - directory: Its working directory (default: this process's).
    ///   - output: The file its standard output goes to (created or truncated; `nil`: `/dev/null`).
    ///   - error: The file its standard error goes to (`nil`: `/dev/null`).
    /// - Returns: The running child.
    /// - Throws: `POSIXError` when it cannot be started.
    public static func spawn(
        executable: String,
        arguments: [String],
        environment: [String: String],
        directory: String? = nil,
        output: String? = nil,
        error: String? = nil
    ) throws -> ChildProcess {
        #if os(Linux)
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            try closeInheritedDescriptors(&actions)
            let flags = O_WRONLY | O_CREAT | O_TRUNC
            posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", flags, 0o644)
            posix_spawn_file_actions_addopen(&actions, 2, error ?? "/dev/null", flags, 0o644)
            if let directory {
                // glibc's posix_spawn_file_actions_addchdir_np (2.29+) is not in Swift's Glibc module.
                typealias AddChdir =
                    @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
                guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else {
                    throw POSIXError(.ENOSYS)
                }
                let addChdir = unsafeBitCast(symbol, to: AddChdir.self)
                let result = directory.withCString { addChdir(&actions, $0) }
                guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
            }
            // Signals start as they would in a fresh process: default actions, nothing blocked.
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var all = sigset_t()
            sigfillset(&all)
            var none = sigset_t()
            sigemptyset(&none)
            posix_spawnattr_setsigdefault(&attributes, &all)
            posix_spawnattr_setsigmask(&attributes, &none)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
            let argv = ([executable] + arguments).map { strdup($0) } + [nil]
            let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer {
                argv.forEach { free($0) }
                envp.forEach { free($0) }
            }
            var pid: pid_t = 0
            let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
            return ChildProcess(pid: pid)
        #else
            throw POSIXError(.ENOTSUP)
        #endif
    }

    #if os(Linux)
        /// Adds the closing of every descriptor above 2: glibc's `posix_spawn_file_actions_addclosefrom_np`
        /// (2.34+, not in Swift's Glibc module), else one close per descriptor listed in `/proc/self/fd`.
        static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) throws {
            typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
            if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
                let addCloseFrom = unsafeBitCast(symbol, to: AddCloseFrom.self)
                let result = addCloseFrom(&actions, 3)
                guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
                return
            }
            // A descriptor closed before the spawn makes its close action a no-op in glibc.
            let listed = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
            for descriptor in listed.compactMap({ Int32($0) }) where descriptor > 2 {
                posix_spawn_file_actions_addclose(&actions, descriptor)
            }
        }
    #endif

    /// Waits until the child ends.
    /// - Returns: How it ended.
    public func wait() -> Ending {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        return Self.ending(status)
    }

    /// How the child ended, or `nil` while it runs.
    public func poll() -> Ending? {
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &status, WNOHANG) } while result == -1 && errno == EINTR
        return result == pid ? Self.ending(status) : nil
    }

    /// Sends a signal.
    /// - Parameter signal: The signal.
    public func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Decodes a `waitpid` status (the `WIFEXITED`/`WTERMSIG` macros, which Swift does not import).
    static func ending(_ status: Int32) -> Ending {
        let signal = status & 0x7f
        return signal == 0
            ? Ending(status: (status >> 8) & 0xff, signalled: false)
            : Ending(status: signal, signalled: true)
    }
}
