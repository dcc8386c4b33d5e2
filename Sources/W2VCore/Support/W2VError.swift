/// Every failure the core can report. The C layer maps each case to one `w2v_status` code and
/// keeps the message as the thread's last error, so messages name the cause ("line 3: ...").
public enum W2VError: Error, Equatable, CustomStringConvertible {
    case invalidArgument(String)
    case io(String)
    case format(String)
    case notFound(String)
    case bufferTooSmall(String)
    case aborted(String)
    case outOfMemory(String)

    public var message: String {
        switch self {
        case .invalidArgument(let m), .io(let m), .format(let m), .notFound(let m),
             .bufferTooSmall(let m), .aborted(let m), .outOfMemory(let m):
            return m
        }
    }

    public var description: String { message }
}
