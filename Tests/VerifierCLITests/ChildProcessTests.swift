import Foundation
import Testing
import VerifierTestSupport

#if os(Linux)
    import Glibc

    /// The test helper that starts the verifier: exit codes, signals, working directory, and no descriptor of
    /// the test process leaking into the child.
    @Suite("Child processes (test support)", .timeLimit(.minutes(1)))
    struct ChildProcessTests {
        /// Runs a shell script, waiting for it on a Dispatch thread (never on one of the few threads every
        /// other test runs on).
        static func shell(_ script: String, directory: String? = nil) async throws -> (ChildProcess.Ending, String) {
            let output = TestPaths.temporaryDirectory("child") + "/out"
            let child = try ChildProcess.spawn(
                executable: "/bin/sh",
                arguments: ["-c", script],
                environment: ["PATH": "/usr/bin:/bin"],
                directory: directory,
                output: output
            )
            let ending = await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: child.wait()) }
            }
            return (ending, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
        }

        @Test func exitCodesAndOutputComeBack() async throws {
            let (ending, output) = try await Self.shell("echo hello; exit 3")
            #expect(ending.status == 3 && !ending.signalled)
            #expect(output == "hello\n")
        }

        @Test func aSignalIsReportedAsSuch() async throws {
            let (ending, _) = try await Self.shell("kill -9 $$")
            #expect(ending.status == 9 && ending.signalled)
        }

        @Test func theWorkingDirectoryIsSet() async throws {
            let folder = TestPaths.temporaryDirectory("child-cwd")
            let (_, output) = try await Self.shell("pwd -P", directory: folder)
            #expect(output == URL(fileURLWithPath: folder).resolvingSymlinksInPath().path + "\n")
        }

        @Test func descriptorsOfTheTestProcessAreClosedInTheChild() async throws {
            // An inheritable descriptor (no O_CLOEXEC), as a socket of an in-process mock host may be.
            let descriptor = open("/dev/null", O_RDONLY)
            #expect(descriptor > 2)
            defer { close(descriptor) }
            let (_, output) = try await Self.shell("[ -e /proc/self/fd/\(descriptor) ] && echo open || echo closed")
            #expect(output == "closed\n")
        }
    }
#endif
