import Foundation
import Testing
import VerifierCore

extension FixtureSuite {
    /// The `Fixtures` folder the suites are loaded from: `$VERIFIER_FIXTURES` when set, else the one
    /// shipped with this package (found from this source file, which SwiftPM builds in place — in a
    /// dependent package that is `.build/checkouts/vendor-verifier/Fixtures`).
    public static var fixturesDirectory: String {
        if let folder = ProcessInfo.processInfo.environment["VERIFIER_FIXTURES"], !folder.isEmpty { return folder }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // VerifierTesting
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()  // package root
            .appendingPathComponent("Fixtures").path
    }

    /// Loads a shipped suite by name, for `@Test(arguments:)`.
    ///
    /// ```swift
    /// @Test(arguments: try FixtureSuite.load("tool-choice").cases)
    /// func conforms(_ fixture: FixtureCase) async throws {
    ///     try await expectConformance(fixture, provider: .fromEnvironment())
    /// }
    /// ```
    /// - Parameter name: The suite's name (`verifier fixtures list`).
    /// - Returns: The validated suite.
    /// - Throws: ``VerifierError`` naming the known suites when `name` is unknown, or file and line of a problem.
    public static func load(_ name: String) throws(VerifierError) -> FixtureSuite {
        let folder = fixturesDirectory
        let path = folder + "/suites/" + name + ".json"
        guard FileManager.default.fileExists(atPath: path) else {
            let known = SuiteCatalog.discover(fixtures: folder).filter { !$0.isReplay }.map(\.name)
            throw VerifierError(
                .invalidFixture,
                "unknown suite `\(name)`; the suites in \(folder)/suites are: \(known.joined(separator: ", "))."
            )
        }
        return try load(path: path)
    }
}

extension FixtureCase: CustomTestStringConvertible {
    /// The case id and what it checks, as the test's name.
    public var testDescription: String {
        description.map { "\(id): \($0)" } ?? id
    }
}
