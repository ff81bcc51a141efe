// swift-tools-version: 6.1
import PackageDescription

// The layout follows docs/design.md §5: data flows one way, revision → snapshot → facts →
// topology → assessment → diff → findings → report, one module per arrow.
let package = Package(
    name: "Faultline",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .target(name: "Model"),
        .target(name: "Simulation", dependencies: ["Model"]),
        .executableTarget(
            name: "engine-benchmark",
            dependencies: ["Model", "Simulation"],
            path: "Benchmarks/EngineBenchmark"
        ),
        .testTarget(
            name: "ModelTests",
            dependencies: ["Model", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "SimulationTests",
            dependencies: ["Model", "Simulation", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
