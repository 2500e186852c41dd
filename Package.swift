// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "vendor-verifier",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "JSONSchema", targets: ["JSONSchema"]),
        .library(name: "VerifierJudging", targets: ["VerifierJudging"]),
        .library(name: "VerifierCore", targets: ["VerifierCore"]),
        .library(name: "MockVendor", targets: ["MockVendor"]),
        .library(name: "VerifierTesting", targets: ["VerifierTesting"]),
        .executable(name: "verifier", targets: ["verifier"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    // Every product a target imports is declared here (Foundation, Synchronization and Testing come with the
    // toolchain); docs/architecture.md has the table of what each target may import.
    targets: [
        // Core
        // A lossless JSON value and a JSON Schema validator (2020-12, draft 7): no dependency at all.
        .target(
            name: "JSONSchema",
            swiftSettings: swiftSettings
        ),
        // The pure judging core: the neutral answer, surface adapters, checks, the case judge, scoring,
        // statistics. No HTTP, no NIO: it judges what was recorded.
        .target(
            name: "VerifierJudging",
            dependencies: [
                "JSONSchema",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // I/O: provider client, delivery, runner, evidence store, fixtures, configuration, reports.
        .target(
            name: "VerifierCore",
            dependencies: [
                "JSONSchema",
                "VerifierJudging",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MockVendor",
            dependencies: [
                "VerifierCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VerifierTesting",
            dependencies: [
                "VerifierCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),

        // Executables
        .executableTarget(
            name: "verifier",
            dependencies: [
                "VerifierCore",
                "MockVendor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // Tests
        .target(
            name: "VerifierTestSupport",
            dependencies: ["VerifierCore", "MockVendor"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VerifierCoreTests",
            dependencies: ["JSONSchema", "VerifierJudging", "VerifierCore", "VerifierTestSupport"],
            exclude: ["Resources"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MockVendorTests",
            dependencies: [
                "JSONSchema", "VerifierJudging", "VerifierCore", "MockVendor", "VerifierTestSupport", "VerifierTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VerifierCLITests",
            dependencies: [
                "JSONSchema", "VerifierJudging", "VerifierCore", "VerifierTestSupport",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
