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
            XCTFail("no release libw2v.so: run `swift build -c release` first")
            throw XCTSkip("no release library")
        }
        tool = path("w2v")
        let build = try DemoTests.buildTool(at: tool, library: library)
        XCTAssertEqual(build.status, 0, build.stderr)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

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
    func writeModel(_ name: String, _ rows: [(String, [Double])]) throws -> String {
        var text = "\(rows.count) \(rows.first?.1.count ?? 0)\n"
        for (word, vector) in rows { text += word + " " + vector.map { "\($0)" }.joined(separator: " ") + "\n" }
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }
}
