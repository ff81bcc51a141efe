// swift-tools-version: 6.1
import PackageDescription

// The layout follows docs/design.md §5: data flows one way, revision → snapshot → facts →
// topology → assessment → diff → findings → report, one module per arrow. A module's imports
// say what it may touch: only Git imports CLibgit2, only FaultlineCLI imports ArgumentParser.
let package = Package(
    name: "Faultline",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "faultline", targets: ["FaultlineCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
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
        .target(name: "Faultline", dependencies: ["Git", "Model", .product(name: "GRDB", package: "GRDB.swift")]),
        .executableTarget(
            name: "FaultlineCLI",
            dependencies: [
                "Faultline",
                "Git",
                "Model",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "git-benchmark", dependencies: ["Git"], path: "Benchmarks/GitBenchmark"),
        .executableTarget(name: "cache-benchmark", dependencies: ["Faultline", "Git"], path: "Benchmarks/CacheBenchmark"),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "GitTests", dependencies: ["Git", "TestSupport"]),
        .testTarget(name: "FaultlineTests", dependencies: ["Faultline", "Git", "TestSupport"]),
        .testTarget(name: "FaultlineCLITests", dependencies: ["FaultlineCLI", "TestSupport"]),
        .testTarget(name: "ModelTests", dependencies: ["Model"]),
    ],
    swiftLanguageModes: [.v6]
)
