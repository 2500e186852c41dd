import ArgumentParser
import AsyncHTTPClient
import Foundation
import VerifierCore

#if canImport(Glibc)
    import Glibc
#endif

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract:
            "Measure the verifier's own CPU per request and its peak memory against a mock host in another process.",
        discussion: """
            Starts `verifier serve-mock` as a child process so that only the verifier's work is measured, then runs \
            worker processes that each replay N requests through the full pipeline (send, record evidence, judge, \
            score, write reports) with 32 requests in flight, and report CPU time (user+system) per request and peak RSS, \
            on Chat Completions and on Anthropic Messages (the same requests, translated).

            With --report it instead writes 30 nights × 20 providers of synthetic scorecards (schema 0.3.0, evidence \
            for the newest night), times `verifier report … --html` in a child process and reports the wall time and \
            the largest page.

            With --retry-storm it instead runs the same 2,000 requests twice, against the faithful profile and against \
            `rate-limited` (429 with `Retry-After: 1` on 30 % of first attempts), and reports wall time, attempts, \
            retries, first-attempt and eventual success and failing items of both.
            """
    )

    @Option(name: .long, help: "Requests per CPU scenario.")
    var requests: Int = 2000

    @Option(name: .long, help: "Request counts whose peak memory is compared.")
    var memory: [Int] = [1000, 20000]

    @Option(name: .long, help: "Requests in flight.")
    var concurrency: Int = 32

    @Flag(name: .long, help: "Compare a run under a 429 storm (30 % of first attempts) with the same run without.")
    var retryStorm = false

    @Option(name: .long, help: "Cases in flight (--retry-storm; default: 4 × --concurrency, as in a run).")
    var width: Int?

    @Flag(name: .long, help: "Time `verifier report` over a synthetic nightly history instead, and weigh its pages.")
    var report = false

    @Option(name: .long, help: "Nights of history (--report).")
    var nights: Int = 30

    @Option(name: .long, help: "Providers per night (--report).")
    var providers: Int = 20

    @Option(name: .long, help: "Timed repetitions (--report).")
    var repeats: Int = 3

    @Option(
        name: .long,
        help: "Keep the synthetic reports and the site in this folder (--report; default: a temporary one)."
    )
    var reportFolder: String?

    func run() async throws {
        try await reportingErrors {
            let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
            if report {
                try runReportBench(executable: executable)
                return 0
            }
            let mock = Process()
            mock.executableURL = URL(fileURLWithPath: executable)
            mock.arguments = ["serve-mock", "--port", "0"]
            let pipe = Pipe()
            mock.standardOutput = pipe
            try mock.run()
            defer { mock.terminate() }
            guard let line = Self.readLine(pipe.fileHandleForReading), let port = Self.port(in: line) else {
                throw VerifierError(.transport, "The mock host process did not report its port.")
            }
            let url = "http://127.0.0.1:\(port)/faithful/v1"
            if retryStorm {
                try runRetryStorm(executable: executable, port: port)
                return 0
            }
            var scenarios: [(String, Int, APISurface)] = [
                ("nonstream", requests, .chat), ("stream", requests, .chat), ("stream200", requests, .chat),
                ("nonstream", requests, .messages), ("stream", requests, .messages), ("stream200", requests, .messages),
                ("nonstream", requests, .responses), ("stream", requests, .responses), ("stream200", requests, .responses),
            ]
            scenarios += memory.map { ("nonstream", $0, .chat) }
            print("scenario            requests  wall s   CPU ms   CPU µs/request  chunks/stream  peak RSS MiB")
            for (mode, count, api) in scenarios {
                let worker = Process()
                worker.executableURL = URL(fileURLWithPath: executable)
                worker.arguments = [
                    "bench-worker", "--url", url, "--requests", String(count), "--mode", mode, "--concurrency",
                    String(concurrency), "--api", api.rawValue,
                ]
                let output = Pipe()
                worker.standardOutput = output
                try worker.run()
                let data = output.fileHandleForReading.readDataToEndOfFile()
                worker.waitUntilExit()
                guard worker.terminationStatus == 0, let result = try? JSONValue.parse(bytes: Array(data)) else {
                    throw VerifierError(.incomplete, "A bench worker failed (status \(worker.terminationStatus)).")
                }
                func cell(_ key: String) -> String { result[key]?.serialized() ?? "-" }
                let row = [
                    "\(api)/\(mode)".padding(toLength: 18, withPad: " ", startingAt: 0),
                    cell("requests").padding(toLength: 8, withPad: " ", startingAt: 0),
                    cell("wall_s").padding(toLength: 7, withPad: " ", startingAt: 0),
                    cell("cpu_ms").padding(toLength: 8, withPad: " ", startingAt: 0),
                    cell("cpu_us_per_request").padding(toLength: 15, withPad: " ", startingAt: 0),
                    cell("chunks_per_stream").padding(toLength: 14, withPad: " ", startingAt: 0), cell("max_rss_mib"),
                ]
                print(row.joined(separator: "  "))
            }
            return 0
        }
    }

    /// The same requests against the faithful profile and against `rate-limited`, one worker process each.
    func runRetryStorm(executable: String, port: Int) throws {
        print(
            "scenario      requests  judged  wall s   attempts  retries  first-attempt  eventual  failing  verdict"
        )
        for profile in ["faithful", "rate-limited"] {
            let worker = Process()
            worker.executableURL = URL(fileURLWithPath: executable)
            worker.arguments = [
                "bench-worker", "--url", "http://127.0.0.1:\(port)/\(profile)/v1", "--requests", String(requests),
                "--mode", "nonstream", "--concurrency", String(concurrency), "--width",
                String(width ?? 4 * concurrency),
            ]
            let output = Pipe()
            worker.standardOutput = output
            try worker.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            worker.waitUntilExit()
            guard worker.terminationStatus == 0, let result = try? JSONValue.parse(bytes: Array(data)) else {
                throw VerifierError(.incomplete, "A bench worker failed (status \(worker.terminationStatus)).")
            }
            func cell(_ key: String, _ width: Int) -> String {
                (result[key].map { $0.stringValue ?? $0.serialized() } ?? "-")
                    .padding(toLength: width, withPad: " ", startingAt: 0)
            }
            let row = [
                profile.padding(toLength: 12, withPad: " ", startingAt: 0), cell("requests", 8), cell("judged", 6),
                cell("wall_s", 7), cell("attempts", 8), cell("retries", 7), cell("first_attempt_success", 13),
                cell("eventual_success", 8), cell("failing_items", 7), cell("verdict", 7),
            ]
            print(row.joined(separator: "  "))
        }
    }

    static func readLine(_ handle: FileHandle) -> String? {
        var bytes: [UInt8] = []
        while true {
            let data = handle.readData(ofLength: 1)
            guard let byte = data.first else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }

    static func port(in line: String) -> Int? {
        guard let range = line.range(of: "127.0.0.1:") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }
}

struct BenchWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-worker",
        abstract: "One measured bench scenario (used by `verifier bench`).",
        shouldDisplay: false
    )

    @Option var url: String
    @Option var requests: Int
    @Option var mode: String
    @Option var concurrency: Int = 32
    @Option var width: Int?
    @Option var api: APISurface = .chat

    func run() async throws {
        try await reportingErrors {
            let folder = NSTemporaryDirectory() + "verifier-bench-\(ProcessInfo.processInfo.processIdentifier)"
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let replayPath = folder + "/bench.jsonl"
            _ = FileManager.default.createFile(atPath: replayPath, contents: nil)
            guard let handle = FileHandle(forWritingAtPath: replayPath) else {
                throw VerifierError(.io, "\(replayPath): cannot write the bench replay file.")
            }
            for index in 0..<requests {
                try handle.write(
                    contentsOf: Data(
                        Self.request(index, stream: mode.hasPrefix("stream"), repeats: mode == "stream200" ? 26 : 6)
                            .utf8
                    )
                )
            }
            try handle.close()
            let replay = try ReplayFile.validate(path: replayPath)
            var provider = ProviderConfiguration(
                name: "bench",
                baseURL: url,
                model: "mock-model",
                apiKeyEnvironmentVariable: nil,
                concurrency: concurrency
            )
            provider.api = api
            var settings = VerificationRun.Configuration(output: .init(directory: folder + "/run"))
            settings.limits.width = width ?? concurrency
            settings.transport.checkParity = false  // measure each request alone, without its parity twin
            let verification = VerificationRun(
                candidates: [provider],
                sources: [.replay(replay)],
                configuration: settings
            )
            let before = Self.cpuMilliseconds()
            let clock = ContinuousClock()
            let start = clock.now
            let scorecards = try await HTTPClient.withVerifierClient { client in
                try await verification.execute(httpClient: client)
            }
            let wall = clock.now - start
            let cpu = Self.cpuMilliseconds() - before
            var chunks = 0
            var lines = try LineReader(path: folder + "/run/evidence.jsonl")
            // The first exchange record (the manifest comes before it).
            while let (_, bytes) = lines.next() {
                guard let record = try? JSONValue.parse(bytes: bytes),
                    let body = record["response"]?["body"]?.stringValue
                else { continue }
                chunks = body.components(separatedBy: "data: ").count - 1
                break
            }
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            let result: JSONValue = [
                "mode": .string(mode),
                "requests": .number(JSONNumber(requests)),
                "wall_s": .number(
                    JSONNumber(rounded: Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18)
                ),
                "cpu_ms": .number(JSONNumber(rounded: cpu)),
                "cpu_us_per_request": .number(JSONNumber(rounded: cpu * 1000 / Double(requests))),
                "chunks_per_stream": .number(JSONNumber(chunks)),
                "max_rss_mib": .number(JSONNumber(rounded: Double(usage.ru_maxrss) / 1024)),
            ]
            if let card = scorecards.first, var object = result.objectValue {
                let stats = card.deliveryStats
                object["judged"] = .number(JSONNumber(card.requests))
                object["attempts"] = .number(JSONNumber(stats.attempts))
                object["retries"] = .number(JSONNumber(stats.retryCount))
                object["first_attempt_success"] = .string(stats.firstAttemptSuccess.percentText)
                object["eventual_success"] = .string(stats.eventualSuccess.percentText)
                object["failing_items"] = .number(JSONNumber(card.failures.sorted.reduce(0) { $0 + $1.count }))
                object["verdict"] = .string(card.verdict.rawValue)
                print(JSONValue.object(object).serialized())
                return 0
            }
            print(result.serialized())
            return 0
        }
    }

    /// A request whose answer is a call with about 270 characters of arguments (about 50 chunks streamed),
    /// or about 1,150 characters with `repeats: 26` (about 200 chunks).
    static func request(_ index: Int, stream: Bool, repeats: Int) -> String {
        let note =
            "Entry \(index): " + String(repeating: "the quick brown fox jumps over the lazy dog ", count: repeats)
        let body: JSONValue = [
            "model": "bench",
            "messages": [["role": "user", "content": .string("Please record note '\(note)' in my notebook.")]],
            "tools": [
                [
                    "type": "function",
                    "function": [
                        "name": "record_note",
                        "description": "Record a note in the notebook.",
                        "parameters": [
                            "type": "object", "properties": ["text": ["type": "string"]], "required": ["text"],
                        ],
                    ],
                ]
            ],
            "stream": .bool(stream),
        ]
        return body.serialized() + "\n"
    }

    static func cpuMilliseconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) * 1000 + Double(usage.ru_utime.tv_usec) / 1000
        let system = Double(usage.ru_stime.tv_sec) * 1000 + Double(usage.ru_stime.tv_usec) / 1000
        return user + system
    }
}
