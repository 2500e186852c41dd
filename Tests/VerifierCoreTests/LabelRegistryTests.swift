import Foundation
import Testing
import VerifierCore
import VerifierTestSupport

/// The taxonomy and the checks agree: every label is made by one check that claims it, in one file.
@Suite("Label registry")
struct LabelRegistryTests {
    /// Every Swift file of the core, with its text.
    static func coreSources() throws -> [(path: String, text: String)] {
        let root = TestPaths.repositoryRoot + "/Sources/VerifierJudging"
        let paths = try #require(FileManager.default.enumerator(atPath: root)).compactMap { $0 as? String }
        return try paths.filter { $0.hasSuffix(".swift") }.sorted().map { path in
            (path, try String(contentsOfFile: root + "/" + path, encoding: .utf8))
        }
    }

    @Test("every claimed label is claimed by exactly one check, and every check claims one")
    func eachLabelHasOneOwner() {
        var owners: [FailureLabel: [String]] = [:]
        for check in LabelRegistry.checks {
            #expect(!check.labels.isEmpty, "\(check) claims no label")
            for label in check.labels { owners[label, default: []].append(String(describing: check)) }
        }
        for (label, checks) in owners { #expect(checks.count == 1, "\(label) is claimed by \(checks)") }
        #expect(Set(LabelRegistry.checks.map { String(describing: $0) }).count == LabelRegistry.checks.count)
    }

    @Test("every label the sources define is claimed, and every claimed label is defined")
    func definedEqualsClaimed() throws {
        let pattern = try Regex(#"FailureLabel\(rawValue: "([a-z]+\.[a-z_]+)"\)"#)
        var defined: [String] = []
        for (_, text) in try Self.coreSources() {
            for match in text.matches(of: pattern) {
                if let name = match.output[1].substring { defined.append(String(name)) }
            }
        }
        #expect(defined.count == Set(defined).count, "a label is defined twice")
        #expect(Set(defined) == Set(LabelRegistry.labels.map(\.rawValue)))
        #expect(Set(defined).count >= 50)
    }

    @Test("a label's name appears in exactly one file of the judging core: the file of the check that makes it")
    func oneFilePerLabel() throws {
        let sources = try Self.coreSources()
        for check in LabelRegistry.checks {
            for label in check.labels {
                let files = sources.filter { $0.text.contains("\"\(label.rawValue)\"") }.map(\.path)
                #expect(files.count == 1, "\(label) appears in \(files)")
                let declares = sources.first { $0.path == files.first }?.text.contains("struct \(check): ") ?? false
                #expect(declares, "\(label) is not in the file of \(check)")
            }
        }
    }

    @Test("a check shared by surfaces runs on each of them")
    func sharedChecksRunOnEverySurface() {
        let chat = Set((ChatAdapter.standardWireChecks as [any Check] + ChatAdapter.standardStreamChecks).map {
            String(describing: type(of: $0))
        })
        let messages = Set((MessagesAdapter.standardWireChecks as [any Check] + MessagesAdapter.standardStreamChecks).map {
            String(describing: type(of: $0))
        })
        let responses = Set((ResponsesAdapter.standardWireChecks as [any Check] + ResponsesAdapter.standardStreamChecks).map {
            String(describing: type(of: $0))
        })
        #expect(chat.intersection(messages) == ["BodyNotJSON", "BadEvent", "Truncated"])
        #expect(chat.intersection(responses) == ["BodyNotJSON", "BadEvent", "Truncated", "Usage"])
        #expect(messages.intersection(responses) == ["BodyNotJSON", "BadEvent", "Truncated", "WrongSurface", "EventName", "ErrorEvent"])
    }

    @Test("the judges run every registered check")
    func judgesRunEveryCheck() {
        let run: [any Check] =
            ResponseJudge.deliveryChecks + ChatAdapter.standardWireChecks + ChatAdapter.standardStreamChecks
            + MessagesAdapter.standardWireChecks + MessagesAdapter.standardStreamChecks
            + ResponsesAdapter.standardWireChecks + ResponsesAdapter.standardStreamChecks
            + ResponseJudge.standardChecks + ContractJudge.checks + CaseJudge.agreementChecks
            + [PromptTokens(), TriggerAgreement(), Parity()]
        let names = Set(run.map { String(describing: type(of: $0)) })
        #expect(names == Set(LabelRegistry.checks.map { String(describing: $0) }))
    }
}
