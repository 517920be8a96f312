/// The one error type of `SluiceLogClient`, and of `SluiceLogStore`, which answers requests with
/// the same SLS error shape: storage that cannot be opened or written, a request the server
/// refused (with its SLS error code), or a server that cannot be reached.
public struct LogStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, naming the path, host, project, store or shard.
    public let message: String
    /// The SLS error code when the failure came from (or is reported as) an SLS error response.
    public let code: String?
    /// The HTTP status of that response, when there was one.
    public let status: Int?

    /// Creates an error with an optional SLS code and HTTP status.
    public init(_ message: String, code: String? = nil, status: Int? = nil) {
        self.message = message
        self.code = code
        self.status = status
    }

    /// The message, prefixed with the SLS code when there is one.
    public var description: String {
        if let code { return "\(code): \(message)" }
        return message
    }
}
