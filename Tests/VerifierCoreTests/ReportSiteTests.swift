import Foundation
import Testing
import VerifierTestSupport

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

@Suite("Report site")
struct ReportSiteTests {
    /// A fixture tree and the site built from it.
    static func build() throws -> (root: String, site: ReportSite, pages: [String: String]) {
        let root = TestPaths.temporaryDirectory("site")
        try ScorecardFixtures.writeNightlyTree(at: root + "/Reports")
        let site = ReportSite.collect([root + "/Reports"])
        let pages = Dictionary(
            uniqueKeysWithValues: site.pages(outputDirectory: root + "/site").map { ($0.path, $0.contents) }
        )
        return (root, site, pages)
    }

    @Test func groupsRunsByProviderAndOrdersThemByStartTime() throws {
        let (_, site, _) = try Self.build()
        #expect(site.providers.map(\.name).sorted() == ["alpha", "beta/gamma"])
        let alpha = try #require(site.providers.first { $0.name == "alpha" })
        #expect(alpha.runs.map(\.startedAt) == (1...3).map { "2026-11-0\($0)T02:00:00.000Z" })
        #expect(alpha.latest.startedAt == "2026-11-03T02:00:00.000Z")
        #expect(alpha.latest.verdict == "fail")
        #expect(alpha.latest.topFailures.map(\.label) == ["contract.tool_choice_required"])
        #expect(site.runCount == 4)
    }

    @Test func leaderboardHasARowPerProviderWithItsFigures() throws {
        let (_, _, pages) = try Self.build()
        let index = try #require(pages["index.html"])
        let fileName = try #require(SiteFileName.assign(["beta/gamma"])["beta/gamma"])
        #expect(index.contains("<a href=\"providers/alpha.html\">alpha</a>"))
        #expect(index.contains("<a href=\"providers/\(fileName).html\">beta/gamma</a>"))
        #expect(index.components(separatedBy: "<tr class=\"row-").count - 1 == 2)
        // 0.3.0: interval and cost; 0.2.0: no interval, no cost.
        #expect(index.contains("[55.00%, 90.00%]"))
        #expect(index.contains("$1.23"))
        #expect(index.contains("<code>contract.tool_choice_required</code> ×8"))
        #expect(index.contains("813 / 1500"))
        #expect(index.contains("<svg class=\"spark\""))
    }

    @Test func providerPageShowsSuitesDecisionsAndTheEvidenceEscaped() throws {
        let (_, _, pages) = try Self.build()
        let alpha = try #require(pages["providers/alpha.html"])
        #expect(alpha.contains("<summary>tool-choice"))
        #expect(alpha.contains("<span class=\"dec v-fail\">fail</span>"))
        // The record at evidence.jsonl:2: the request's last message and tools, the response body, escaped.
        #expect(alpha.contains("id=\"ev-evidence-jsonl-2\""))
        #expect(alpha.contains("Weather in &lt;script&gt;alert(1)&lt;/script&gt; &amp; Paris?"))
        #expect(!alpha.contains("<script"))
        #expect(alpha.contains("1 tool: get_weather; tool_choice required"))
        #expect(alpha.contains("No ]]&gt; tools"))
        // evidence.jsonl has two lines: line 3 is named as missing rather than invented.
        #expect(alpha.contains("evidence.jsonl has only 2 lines"))
        let beta = try #require(pages.first { $0.key.hasPrefix("providers/beta") }?.value)
        #expect(beta.contains("<span class=\"dec v-other\">inconclusive</span>"))
        #expect(beta.contains("evidence.jsonl is not next to the scorecard"))
    }

    @Test func providerPageDrawsTrendChartsWithGateLines() throws {
        let (_, _, pages) = try Self.build()
        let alpha = try #require(pages["providers/alpha.html"])
        #expect(alpha.components(separatedBy: "<svg class=\"chart\"").count - 1 == 5)
        #expect(alpha.components(separatedBy: "class=\"gate\"").count - 1 == 3)
        // Three runs: a three-point line and three points per chart.
        let polyline = try #require(alpha.range(of: "<polyline class=\"ln\" points=\""))
        let points = alpha[polyline.upperBound...].prefix { $0 != "\"" }
        #expect(points.split(separator: " ").count == 3)
        #expect(alpha.contains("History"))
        #expect(alpha.components(separatedBy: "scorecard.json\">scorecard</a>").count - 1 == 3)
    }

    @Test func malformedAndForeignScorecardsAreSkippedWithReasons() throws {
        let (root, site, pages) = try Self.build()
        let reasons = Dictionary(uniqueKeysWithValues: site.skipped.map { ($0.path, $0.reason) })
        let broken = try #require(reasons[root + "/Reports/night-3/broken/scorecard.json"])
        #expect(broken.hasPrefix("line 3, column 3: not JSON"), "\(broken)")
        #expect(reasons[root + "/Reports/night-3/anonymous/scorecard.json"] == "no provider.name")
        let index = try #require(pages["index.html"])
        #expect(index.contains("<section id=\"skipped\">"))
        #expect(index.contains("night-3/broken/scorecard.json"))
        let missing = ReportSite.collect([root + "/nowhere"])
        #expect(missing.providers.isEmpty)
        #expect(missing.skipped.first?.reason == "no such file or folder")
    }

    @Test func calibrationRunsStayOffTheLeaderboardAndAreListedWithTheirReason() throws {
        let root = TestPaths.temporaryDirectory("site-calibration")
        try ScorecardFixtures.writeNightlyTree(at: root + "/Reports")
        let card = ScorecardFixtures.scorecard(
            provider: "official",
            startedAt: "2026-11-03T01:00:00.000Z",
            version: "0.3.0",
            verdict: "pass",
            suites: [("schema", .null)]
        )
        var object = try #require(card.objectValue)
        var run = try #require(object["run"]?.objectValue)
        run["purpose"] = "calibration"
        object["run"] = .object(run)
        try ScorecardFixtures.write(.object(object), to: root + "/Reports/calibrate-official/run-1")
        let site = ReportSite.collect([root + "/Reports"])
        #expect(site.providers.map(\.name).sorted() == ["alpha", "beta/gamma"])
        let reasons = Dictionary(uniqueKeysWithValues: site.skipped.map { ($0.path, $0.reason) })
        #expect(
            reasons[root + "/Reports/calibrate-official/run-1/scorecard.json"]
                == "a calibration run of the reference (input to a baseline, not a host under test)"
        )
        // The same card without the marker is a check and gets its row.
        try ScorecardFixtures.write(card, to: root + "/Reports/check-official")
        #expect(ReportSite.collect([root + "/Reports"]).providers.map(\.name).contains("official"))
    }

    @Test func sameInputGivesTheSameBytes() throws {
        let (root, site, pages) = try Self.build()
        let again = ReportSite.collect([root + "/Reports"]).pages(outputDirectory: root + "/site")
        #expect(again.count == pages.count)
        for page in again { #expect(pages[page.path] == page.contents, "\(page.path) differs") }
        #expect(site.markdown() == ReportSite.collect([root + "/Reports"]).markdown())
    }

    @Test func pagesLoadNothingFromOutside() throws {
        let (_, _, pages) = try Self.build()
        for (path, page) in pages {
            #expect(!page.contains("<script"), "\(path)")
            #expect(!page.contains("src="), "\(path)")
            for scheme in ["href=\"http:", "href=\"https:", "href=\"//", "url("] {
                #expect(!page.contains(scheme), "\(path) has \(scheme)")
            }
            #expect(page.contains("Content-Security-Policy"))
        }
    }

    @Test func markdownLeaderboardHasARowPerProvider() throws {
        let (_, site, _) = try Self.build()
        let markdown = site.markdown()
        #expect(markdown.contains("| alpha | **fail** | 75.00% | 100.00% | 60.00% |"))
        #expect(markdown.contains("| beta/gamma | **fail** | 75.00% [55.00%, 90.00%] |"))
        #expect(markdown.contains("- `"))  // the skipped list
    }

    @Test func providerNamesBecomeSafeUniqueFileNames() {
        let names = ["ok-name_1.2", "a/b", "a_b", "../etc", ".hidden", "Fire", "fire", "通义千问", "", "x y"]
        let assigned = SiteFileName.assign(names)
        #expect(assigned["ok-name_1.2"] == "ok-name_1.2")
        #expect(assigned["a_b"] == "a_b")
        #expect(Set(assigned.values).count == names.count)
        #expect(Set(assigned.values.map { $0.lowercased() }).count == names.count)
        for (name, file) in assigned {
            #expect(SiteFileName.isSafe(file), "\(name) → \(file)")
            #expect(!file.contains("/") && !file.hasPrefix("."), "\(name) → \(file)")
        }
        #expect(assigned["a/b"]?.hasPrefix("a_b-") == true)
    }

    @Test func chartsBreakLinesAtMissingValues() {
        let points = [0.9, nil, 0.8, 0.85].enumerated().map {
            SVGChart.Point(label: "2026-11-0\($0.offset + 1)", value: $0.element, verdict: "pass")
        }
        let svg = SVGChart.line(title: "t", points: points, gate: 0.73, scale: .rate)
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.components(separatedBy: "<circle").count - 1 == 3)
        #expect(svg.contains(">60%<"))  // the axis reaches below the gate (73 %)
    }
}
