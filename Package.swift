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
        // The training kernels that need AVX2/FMA or AVX-512 instructions, per function (Swift cannot
        // target them per function); chosen at run time, so the library still runs on any x86-64.
        .target(name: "W2VKernels", cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]),
        // Optimised even in debug builds: the test suite trains real models, 20x faster this way.
        .target(name: "W2VCore", dependencies: ["W2VKernels"],
                swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(
            name: "W2V",
            dependencies: ["W2VCore"],
            exclude: ["exports.map"],
            linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=\(exportList)"])]
        ),
        .testTarget(name: "W2VCoreTests", dependencies: ["W2VCore"]),
        .testTarget(name: "W2VTests", dependencies: ["W2V", "W2VCore"]),
        // The Python binding's tests, run in an embedded CPython that loads libw2v.so through ctypes
        // (so this target must not depend on W2V). CPython is Debian's libpython3-dev, via pkg-config.
        // PythonEmbed is test support, not part of the library: it lives under Tests/Support and its C
        // functions are named test_python_*, outside the library's w2v_ prefix.
        .systemLibrary(
            name: "CPython", path: "Tests/Support/PythonEmbed/CPython", pkgConfig: "python3-embed",
            providers: [.apt(["libpython3-dev", "pkg-config"])]
        ),
        .target(name: "PythonEmbed", dependencies: ["CPython"], path: "Tests/Support/PythonEmbed", exclude: ["CPython"]),
        .testTarget(name: "PythonBindingTests", dependencies: ["PythonEmbed"]),
    ]
)
