import Foundation
import XCTest

/// The release's naming stays consistent with the header's version: the linker script's symbol version
/// node is W2V_<major> for the W2V_VERSION_MAJOR of include/w2v.h (scripts/build-release refuses to build
/// otherwise), so a major-version bump that forgets the node fails here first. The release library
/// itself, its installation and the wheel are tested by scripts/test-install (run by .ci/run).
final class ShipTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testVersionNodeNamesTheHeadersMajorVersion() throws {
        let header = try String(contentsOf: Self.packageRoot.appendingPathComponent("include/w2v.h"), encoding: .utf8)
        let map = try String(
            contentsOf: Self.packageRoot.appendingPathComponent("Sources/W2V/exports.map"), encoding: .utf8)
        let majorLine = header.split(separator: "\n").first { $0.hasPrefix("#define W2V_VERSION_MAJOR ") }
        let major = try XCTUnwrap(majorLine?.split(separator: " ").last.flatMap { Int($0) },
                                  "no #define W2V_VERSION_MAJOR in include/w2v.h")
        let nodes = map.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasSuffix("{"), !trimmed.hasPrefix("/*"), !trimmed.hasPrefix("*") else { return nil }
            return trimmed.dropLast().trimmingCharacters(in: .whitespaces)
        }
        XCTAssertEqual(nodes, ["W2V_\(major)"], "Sources/W2V/exports.map: one version node named after the major version")
        XCTAssertTrue(map.contains("global: w2v_*;") && map.contains("local: *;"),
                      "exports.map exports w2v_* and hides everything else")
    }
}
