// swift-tools-version: 6.1
import PackageDescription

// The layout follows docs/design.md §5: data flows one way, revision → snapshot → facts →
// topology → assessment → diff → findings → report, one module per arrow.
let package = Package(
    name: "Faultline",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(name: "Model"),
        .testTarget(name: "ModelTests", dependencies: ["Model"]),

        // Policies/** compiled into the binary, so an installed faultline needs no data files.
        .executableTarget(name: "embed-policies", path: "Sources/EmbedPoliciesTool"),
        .plugin(name: "EmbedPolicies", capability: .buildTool(), dependencies: ["embed-policies"]),
        .target(name: "BuiltinPolicies", plugins: ["EmbedPolicies"]),
        .testTarget(name: "BuiltinPoliciesTests", dependencies: ["BuiltinPolicies"]),

        .target(name: "Readers", dependencies: ["Model", "BuiltinPolicies", .product(name: "Yams", package: "Yams")]),
        .testTarget(
            name: "ReadersTests",
            dependencies: ["Readers", "Model", "BuiltinPolicies"],
            // Fixtures are read through #filePath, beside the tests that use them.
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
