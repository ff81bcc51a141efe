// swift-tools-version: 6.1
import PackageDescription

// The layout follows docs/design.md §5: data flows one way, revision → snapshot → facts →
// topology → assessment → diff → findings → report, one module per arrow. A module's imports
// say what it may touch: only Git imports CLibgit2, only Readers' YAML loader imports Yams,
// only FaultlineCLI imports ArgumentParser.
let package = Package(
    name: "Faultline",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "faultline", targets: ["FaultlineCLI"]),
        .executable(name: "hcl-dump", targets: ["HCLDump"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        .target(name: "Git", dependencies: ["CLibgit2"]),
        .target(name: "Model"),
        .target(name: "Simulation", dependencies: ["Model"]),
        // HCL2 syntaxes and a partial evaluator; no Terraform knowledge and no dependencies.
        .target(name: "HCL"),

        // Policies/** compiled into the binary, so an installed faultline needs no data files.
        .executableTarget(name: "embed-policies", path: "Sources/EmbedPoliciesTool"),
        .plugin(name: "EmbedPolicies", capability: .buildTool(), dependencies: ["embed-policies"]),
        .target(name: "BuiltinPolicies", plugins: ["EmbedPolicies"]),

        .target(name: "Readers", dependencies: ["Model", "HCL", "BuiltinPolicies", .product(name: "Yams", package: "Yams")]),
        .target(name: "Policy", dependencies: ["Model", "Simulation", "Readers", "BuiltinPolicies"]),
        .target(name: "Report", dependencies: ["Model", "Simulation", "Policy"]),
        .target(
            name: "Faultline",
            dependencies: ["Git", "Model", "Readers", "Simulation", "Policy", "Report", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .executableTarget(
            name: "FaultlineCLI",
            dependencies: [
                "Faultline",
                "Git",
                "Model",
                "Policy",
                "Readers",
                "Report",
                "Simulation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Prints a file's block/attribute structure as JSON for the differential test.
        .executableTarget(name: "HCLDump", dependencies: ["HCL"], path: "Tools/HCLDump"),
        // Times native parses of the given files (run it from a release build).
        .executableTarget(name: "HCLBench", dependencies: ["HCL"], path: "Tools/HCLBench"),
        .executableTarget(name: "check-benchmark", dependencies: ["Faultline", "Git", "Report"], path: "Benchmarks/CheckBenchmark"),
        .executableTarget(name: "git-benchmark", dependencies: ["Git"], path: "Benchmarks/GitBenchmark"),
        .executableTarget(name: "engine-benchmark", dependencies: ["Model", "Simulation"], path: "Benchmarks/EngineBenchmark"),
        .executableTarget(name: "cache-benchmark", dependencies: ["Faultline", "Git"], path: "Benchmarks/CacheBenchmark"),
        .executableTarget(name: "readers-benchmark", dependencies: ["Readers"], path: "Benchmarks/ReadersBenchmark"),
        .executableTarget(
            name: "audit-benchmark", dependencies: ["Faultline", "Git", "Model", "Policy", "Readers", "Simulation"],
            path: "Benchmarks/AuditBenchmark"),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "GitTests", dependencies: ["Git", "TestSupport"]),
        .testTarget(
            name: "ModelTests",
            dependencies: ["Model", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "SimulationTests",
            dependencies: ["Model", "Simulation", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "HCLTests", dependencies: ["HCL", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "BuiltinPoliciesTests", dependencies: ["BuiltinPolicies"]),
        .testTarget(
            name: "ReadersTests",
            dependencies: ["Readers", "Model", "HCL", "Simulation", "BuiltinPolicies", "TestSupport"],
            // Fixtures are read through #filePath, beside the tests that use them.
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "PolicyTests", dependencies: ["Policy", "Model", "Simulation", "Readers"]),
        // Snapshots are read and re-recorded through #filePath, beside the tests that use them.
        .testTarget(
            name: "ReportTests",
            dependencies: ["Report", "Policy", "Model", "Simulation", .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Snapshots"]
        ),
                .testTarget(name: "FaultlineTests", dependencies: ["Faultline", "Git", "Model", "Report", "TestSupport"]),
        .testTarget(name: "FaultlineCLITests", dependencies: ["FaultlineCLI", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
