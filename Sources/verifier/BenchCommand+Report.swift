import Foundation
import VerifierCore

extension BenchCommand {
    /// Times `verifier report` over a synthetic nightly history in a child process, and weighs its pages.
    func runReportBench(executable: String) throws {
        let temporary = NSTemporaryDirectory() + "verifier-report-bench-\(ProcessInfo.processInfo.processIdentifier)"
        let folder = reportFolder ?? temporary
        try? FileManager.default.removeItem(atPath: folder)
        defer { if reportFolder == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let input = folder + "/Reports"
        let output = folder + "/site"
        let bytes = try SyntheticReports.write(to: input, nights: nights, providers: providers)
        print(
            "input: \(nights) nights × \(providers) providers = \(nights * providers) scorecards (schema 0.3.0), "
                + "evidence for the newest night, \(String(format: "%.1f", Double(bytes) / 1_048_576)) MiB"
        )
        print("repeat  wall s   pages  largest page KiB  site KiB  exit")
        var walls: [Double] = []
        var largest = 0
        for attempt in 1...repeats {
            try? FileManager.default.removeItem(atPath: output)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["report", input, "--html", output]
            process.standardOutput = FileHandle.nullDevice
            let clock = ContinuousClock()
            let start = clock.now
            try process.run()
            process.waitUntilExit()
            let elapsed = clock.now - start
            let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            walls.append(wall)
            var sizes: [Int] = []
            for page in ["index.html"]
                + ((try? FileManager.default.contentsOfDirectory(atPath: output + "/providers")) ?? [])
                .map({ "providers/" + $0 })
            {
                let attributes = try? FileManager.default.attributesOfItem(atPath: output + "/" + page)
                sizes.append((attributes?[.size] as? NSNumber)?.intValue ?? 0)
            }
            largest = max(largest, sizes.max() ?? 0)
            print(
                [
                    String(attempt).padding(toLength: 6, withPad: " ", startingAt: 0),
                    String(format: "%.3f", wall).padding(toLength: 7, withPad: " ", startingAt: 0),
                    String(sizes.count).padding(toLength: 5, withPad: " ", startingAt: 0),
                    String(format: "%.1f", Double(sizes.max() ?? 0) / 1024).padding(
                        toLength: 16,
                        withPad: " ",
                        startingAt: 0
                    ),
                    String(format: "%.1f", Double(sizes.reduce(0, +)) / 1024).padding(
                        toLength: 8,
                        withPad: " ",
                        startingAt: 0
                    ),
                    String(process.terminationStatus),
                ].joined(separator: "  ")
            )
            guard process.terminationStatus == 0 else {
                throw VerifierError(.incomplete, "`verifier report` exited with \(process.terminationStatus).")
            }
        }
        let sorted = walls.sorted()
        print(
            String(
                format:
                    "report: wall %.3f s median (min %.3f, max %.3f; target < 2 s); largest page %.1f KiB (target < 1 MiB)",
                sorted[sorted.count / 2],
                sorted.first ?? 0,
                sorted.last ?? 0,
                Double(largest) / 1024
            )
        )
    }
}
