import Foundation
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A parsed XML element, to check the JUnit output with a real XML parser.
final class XMLElementNode {
    let name: String
    let attributes: [String: String]
    var children: [XMLElementNode] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    func all(_ name: String) -> [XMLElementNode] {
        children.flatMap { ($0.name == name ? [$0] : []) + $0.all(name) }
    }

    func first(_ name: String) -> XMLElementNode? { all(name).first }
}

final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    var stack: [XMLElementNode] = [XMLElementNode(name: "#document", attributes: [:])]

    static func parse(_ text: String) throws -> XMLElementNode {
        let builder = XMLTreeBuilder()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = builder
        guard parser.parse() else {
            throw VerifierError(.io, "not well-formed XML: \(String(describing: parser.parserError))")
        }
        return try #require(builder.stack.first)
    }

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let node = XMLElementNode(name: elementName, attributes: attributes)
        stack.last?.children.append(node)
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }
}

@Suite("JUnit XML")
struct JUnitReportTests {
    static let hostile = "broke <tool_call> & \"quotes\" 'apos' ]]> and a bell \u{7}\u{1} end"

    /// A 0.3.0 scorecard: a failing contract gate, an inconclusive trigger F1, a passing schema gate, a gated
    /// metric with nothing to judge and an ungated one.
    static func scorecard(suite: String = "tool-choice") -> JSONValue {
        let section = ScorecardFixtures.section(
            verdict: "fail",
            contract: ScorecardFixtures.metric(6, 16, gate: 1, decision: "fail"),
            schema: ScorecardFixtures.metric(10, 10, gate: 1, decision: "pass"),
            triggerF1: ScorecardFixtures.metric(15, 20, gate: 0.73, decision: "inconclusive", interval: (0.55, 0.9)),
            failures: [
                ScorecardFixtures.failure(
                    "contract.tool_choice_required",
                    layer: "contract",
                    count: 4,
                    evidence: ["evidence.jsonl:591", "evidence.jsonl:592"],
                    message: hostile
                ),
                ScorecardFixtures.failure("call.schema", layer: "schema", count: 2, evidence: ["evidence.jsonl:7"]),
            ]
        )
        return ScorecardFixtures.scorecard(
            provider: "fire<works>",
            startedAt: "2026-11-03T02:00:00.000Z",
            version: "0.3.0",
            verdict: "fail",
            suites: [(suite, section)]
        )
    }

    @Test func oneTestcasePerGatedMetricWithFailureInconclusiveAndSkipped() throws {
        let xml = JUnitReport.render(Self.scorecard(), evidencePrefix: "Reports/20261103-fw/")
        let root = try XMLTreeBuilder.parse(xml)
        let suites = root.all("testsuite")
        #expect(suites.count == 1)
        let suite = try #require(suites.first)
        #expect(suite.attributes["name"] == "tool-choice")
        let names = suite.all("testcase").compactMap { $0.attributes["name"] }
        // Gated: delivery.success_rate, wire.stream_parity (nothing to judge), schema, contract, trigger F1.
        // Ungated trigger_precision is not a test.
        #expect(
            names == [
                "tool-choice: delivery.success_rate", "tool-choice: wire.stream_parity",
                "tool-choice: schema.schema_accuracy", "tool-choice: contract.pass_rate",
                "tool-choice: agreement.trigger_f1",
            ]
        )
        #expect(suite.attributes["tests"] == "5")
        #expect(suite.attributes["failures"] == "1")
        #expect(suite.attributes["skipped"] == "1")
        #expect(root.first("testsuites")?.attributes["failures"] == "1")

        let contract = try #require(
            suite.all("testcase").first { $0.attributes["name"] == "tool-choice: contract.pass_rate" }
        )
        let failure = try #require(contract.first("failure"))
        let message = try #require(failure.attributes["message"])
        #expect(message.contains("37.50% (6/16)"))
        #expect(message.contains("gate ≥ 100.00% (config)"))
        #expect(message.contains("contract.tool_choice_required ×4 at Reports/20261103-fw/evidence.jsonl:591"))
        #expect(!message.contains("call.schema"), "labels of other layers stay out")
        #expect(failure.text.contains("Reports/20261103-fw/evidence.jsonl:592"))

        let trigger = try #require(
            suite.all("testcase").first { $0.attributes["name"] == "tool-choice: agreement.trigger_f1" }
        )
        #expect(trigger.first("failure") == nil, "inconclusive is not a failure")
        #expect(trigger.first("system-out")?.text.contains("inconclusive") == true)
        #expect(trigger.first("system-out")?.text.contains("95% interval [55.00%, 90.00%] (wilson)") == true)
        #expect(
            trigger.all("property").contains {
                $0.attributes["name"] == "decision" && $0.attributes["value"] == "inconclusive"
            }
        )

        let parity = try #require(
            suite.all("testcase").first { $0.attributes["name"] == "tool-choice: wire.stream_parity" }
        )
        #expect(parity.first("skipped") != nil)
    }

    @Test func hostileTextIsEscapedAndStaysReadable() throws {
        let xml = JUnitReport.render(Self.scorecard(suite: "a<b>&\"c\"]]>"), evidencePrefix: "R/")
        #expect(!xml.contains("<tool_call>"))
        #expect(!xml.contains("]]>"))
        #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        let root = try XMLTreeBuilder.parse(xml)
        let suite = try #require(root.first("testsuite"))
        #expect(suite.attributes["name"] == "a<b>&\"c\"]]>")
        let failure = try #require(root.first("failure"))
        // Control characters become their visible pictures; everything else comes back as written.
        let shown = Self.hostile.replacingOccurrences(of: "\u{7}", with: "\u{2407}")
            .replacingOccurrences(of: "\u{1}", with: "\u{2401}")
        #expect(failure.text.contains(shown))
        #expect(root.first("property")?.attributes["value"] == "fire<works>")
    }

    @Test func version020ScorecardsDeriveDecisionsFromPassed() throws {
        let section = ScorecardFixtures.section(
            verdict: "fail",
            contract: ScorecardFixtures.metric(3, 4, gate: 1),
            schema: ScorecardFixtures.metric(4, 4, gate: 1),
            triggerF1: ScorecardFixtures.metric(9, 10, gate: 0.73)
        )
        let card = ScorecardFixtures.scorecard(
            provider: "p",
            startedAt: "2026-11-01T00:00:00Z",
            verdict: "fail",
            suites: [("trigger", section)]
        )
        let root = try XMLTreeBuilder.parse(JUnitReport.render(card))
        let failing = root.all("testcase").filter { $0.first("failure") != nil }.compactMap { $0.attributes["name"] }
        #expect(failing == ["trigger: contract.pass_rate"])
        let failure = try #require(root.first("failure"))
        #expect(failure.attributes["message"]?.contains("no interval") == true)
        #expect(failure.text.contains("No failure label of the contract layer"))
    }

    @Test func incompleteSuiteGetsAnErrorTestcase() throws {
        guard
            case .object(var section) = ScorecardFixtures.section(
                verdict: "incomplete",
                contract: ScorecardFixtures.metric(0, 0, gate: 1),
                schema: ScorecardFixtures.metric(0, 0, gate: 1),
                triggerF1: ScorecardFixtures.metric(0, 0, gate: 0.73)
            )
        else { throw VerifierError(.io, "fixture is not an object") }
        section["verdict_reason"] = "too many transport failures to judge"
        let card = ScorecardFixtures.scorecard(
            provider: "p",
            startedAt: "2026-11-01T00:00:00Z",
            verdict: "incomplete",
            suites: [("usage", .object(section))]
        )
        let root = try XMLTreeBuilder.parse(JUnitReport.render(card))
        let error = try #require(root.first("error"))
        #expect(error.attributes["message"] == "incomplete: too many transport failures to judge")
        #expect(root.first("testsuite")?.attributes["errors"] == "1")
        #expect(root.all("failure").isEmpty)
    }

    @Test func scorecardWithoutSuitesUsesItsOverallSection() throws {
        let overall = ScorecardFixtures.section(
            verdict: "pass",
            contract: ScorecardFixtures.metric(4, 4, gate: 1),
            schema: ScorecardFixtures.metric(4, 4, gate: 1),
            triggerF1: ScorecardFixtures.metric(9, 10, gate: 0.73)
        )
        let card: JSONValue = ["schema_version": "0.2.0", "provider": ["name": "p"], "overall": overall]
        let root = try XMLTreeBuilder.parse(JUnitReport.render(card))
        #expect(root.first("testsuite")?.attributes["name"] == "overall")
        #expect(root.all("testcase").count == 5)
    }
}
