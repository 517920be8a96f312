/// A piece of a response body a server sends as it is: bytes, or a region of an open file that
/// the kernel sends without copying it through the process (`sendfile`).
public enum HTTPBodyPart: Sendable {
    /// Bytes sent as they are.
    case bytes([UInt8])
    /// `count` bytes of the file open as `descriptor`, from `offset`.
    case file(descriptor: Int32, offset: Int64, count: Int, owner: any FileOwner)

    /// How many bytes the part adds to the body.
    public var count: Int {
        switch self {
        case .bytes(let bytes): bytes.count
        case .file(_, _, let count, _): count
        }
    }
}

/// What keeps a file region's descriptor open until the response has been sent.
public protocol FileOwner: AnyObject, Sendable {}
