// swift-tools-version: 6.1
import PackageDescription

// The layout follows docs/design.md §5: data flows one way, revision → snapshot → facts →
// topology → assessment → diff → findings → report, one module per arrow.
let package = Package(
    name: "Faultline",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hcl-dump", targets: ["HCLDump"]),
        .executable(name: "hcl-bench", targets: ["HCLBench"]),
    ],
    targets: [
        .target(name: "Model"),
        .testTarget(name: "ModelTests", dependencies: ["Model"]),
        // HCL2 syntaxes and a partial evaluator; no Terraform knowledge and no dependencies.
        .target(name: "HCL"),
        .testTarget(name: "HCLTests", dependencies: ["HCL"], exclude: ["Fixtures"]),
        // Prints a file's block/attribute structure as JSON for the differential test.
        .executableTarget(name: "HCLDump", dependencies: ["HCL"], path: "Tools/HCLDump"),
        // Times native parses of the given files (run it from a release build).
        .executableTarget(name: "HCLBench", dependencies: ["HCL"], path: "Tools/HCLBench"),
    ],
    swiftLanguageModes: [.v6]
)
