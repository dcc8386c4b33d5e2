// swift-tools-version:6.0
import Foundation
import PackageDescription

// Only the functions the public header declares leave libw2v.so; everything Swift stays internal.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
let exportList = "\(packageRoot)/Sources/W2V/exports.map"

let package = Package(
    name: "libw2v",
    products: [
        .library(name: "w2v", type: .dynamic, targets: ["W2V"]),
    ],
    targets: [
        .target(name: "W2VCore"),
        .target(
            name: "W2V",
            dependencies: ["W2VCore"],
            exclude: ["exports.map"],
            linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=\(exportList)"])]
        ),
        .testTarget(name: "W2VCoreTests", dependencies: ["W2VCore"]),
        .testTarget(name: "W2VTests", dependencies: ["W2V", "W2VCore"]),
    ]
)
