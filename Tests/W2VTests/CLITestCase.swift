import Foundation
import XCTest

/// A test of the command-line tool (bindings/c), built into a fresh folder as DemoTests builds it, with
/// helpers to run it there.
class CLITestCase: XCTestCase {
    var directory: URL!
    var tool: String!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("w2v-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        guard let library = DemoTests.releaseLibraryDirectory() else {
            XCTFail("no release libw2v.so: run `swift build -c release` first (scripts/test does), with the same "
                    + "--scratch-path as `swift test`, or set W2V_RELEASE_LIB")
            throw XCTSkip("no release library")
        }
        tool = path("w2v")
        let build = try DemoTests.buildTool(at: tool, library: library)
        XCTAssertEqual(build.status, 0, "the tool must compile warning-free: \(build.stderr)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Runs a program (the tool or a helper) to its end.
    @discardableResult
    func run(_ executable: String, _ arguments: [String]) throws -> DemoTests.Run {
        try DemoTests.execute(executable, arguments)
    }

    /// Runs the tool; `stdin`, when given, is its whole input.
    @discardableResult
    func w2v(_ arguments: [String], stdin: String? = nil) throws -> DemoTests.Run {
        var input: String?
        if let stdin {
            input = path("stdin-\(UUID().uuidString)")
            try stdin.write(toFile: input!, atomically: true, encoding: .utf8)
        }
        defer { if let input { try? FileManager.default.removeItem(atPath: input) } }
        return try DemoTests.execute(tool, arguments, input: input)
    }

    /// The names in the test's folder, sorted (to see that nothing was left behind).
    func folderContents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    /// A word2vec text file written by hand, so that answers are known exactly.
    func writeModel(_ name: String, _ rows: [(word: String, vector: [Double])]) throws -> String {
        let body = rows.map { "\($0.word) " + $0.vector.map { "\($0)" }.joined(separator: " ") }.joined(separator: "\n")
        try "\(rows.count) \(rows[0].vector.count)\n\(body)\n".write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }

    func unit(_ v: [Double]) -> [Double] {
        let norm = sqrt(v.map { $0 * $0 }.reduce(0, +))
        return norm == 0 ? v : v.map { $0 / norm }
    }

    func cosine(_ a: [Double], _ b: [Double]) -> Double {
        let dot = zip(a, b).map(*).reduce(0, +)
        return dot / (sqrt(a.map { $0 * $0 }.reduce(0, +)) * sqrt(b.map { $0 * $0 }.reduce(0, +)))
    }
}
