import ArgumentParser
import Foundation
import MockVendor
import VerifierCore

struct ServeMockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve-mock",
        abstract: "Serve the built-in OpenAI-compatible mock host on 127.0.0.1 until interrupted.",
        discussion: """
            /v1/chat/completions answers as --profile; /<profile>/v1/chat/completions answers as any profile. \
            Profiles: \(MockProfile.served.map(\.name).joined(separator: ", ")).
            """
    )

    @Option(name: .long, help: "Port to listen on (0 picks a free one and prints it).")
    var port: Int = 8089

    @Option(name: .long, help: "Profile served at /v1.")
    var profile: String = "faithful"

    func validate() throws {
        guard MockProfile.named(profile) != nil else {
            throw ValidationError(
                "Unknown profile \(profile); known: \(MockProfile.served.map(\.name).joined(separator: ", "))."
            )
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535.") }
    }

    func run() async throws {
        let profile = MockProfile.named(profile) ?? MockProfile.all[0]
        let server = MockServer(defaultProfile: profile, port: port)
        try await reportingErrors {
            try await server.run { port in
                FileHandle.standardOutput.write(
                    Data("mock host listening on http://127.0.0.1:\(port)/v1 (profile \(profile.name))\n".utf8)
                )
            }
            return 0
        }
    }
}
