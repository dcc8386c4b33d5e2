import XCTest
@testable import W2V

/// What every C-ABI test checks after a call: its status and the calling thread's `w2v_last_error()`.
extension XCTestCase {
    var lastError: String { String(cString: w2v_last_error()) }

    /// The call returned `expected` and the message mentions `fragment`.
    func expect(_ status: w2v_status, _ expected: w2v_status, mentions fragment: String,
                file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(status, expected, lastError, file: file, line: line)
        XCTAssertTrue(lastError.contains(fragment), "message '\(lastError)' should mention '\(fragment)'", file: file, line: line)
    }
}
