// swift-tools-version: 6.1
import PackageDescription

// The layout follows docs/design.md §5: data flows one way, revision → snapshot → facts →
// topology → assessment → diff → findings → report, one module per arrow.
let package = Package(
    name: "Faultline",
    platforms: [.macOS(.v13)],
    targets: [
        .target(name: "Model"),
        .testTarget(name: "ModelTests", dependencies: ["Model"]),
    ],
    swiftLanguageModes: [.v6]
)
