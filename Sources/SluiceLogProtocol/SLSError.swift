import SluiceCore

/// An SLS API error as it goes over HTTP: status, `errorCode` and `errorMessage`.
///
/// The factories cover the codes of `sls-api.md` §1. Client mistakes always get a 4xx status:
/// the python SDK retries every status >= 500 (and the code `InternalServerError`) ten times
/// with a one-second sleep, so a 5xx is only for genuine server faults.
public struct SLSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The `errorCode`, e.g. `"LogStoreNotExist"`.
    public let code: String
    /// The `errorMessage`, for humans.
    public let message: String
    /// The HTTP status code.
    public let status: Int

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The `errorCode`.
    ///   - message: The `errorMessage`.
    ///   - status: The HTTP status code.
    public init(code: String, message: String, status: Int) {
        self.code = code
        self.message = message
        self.status = status
    }

    /// `"<status> <code>: <message>"`.
    public var description: String { "\(status) \(code): \(message)" }

    /// The response body: `{"errorCode":"…","errorMessage":"…"}`, UTF-8, JSON-escaped.
    public var jsonBody: [UInt8] {
        let json = "{\"errorCode\":" + JSONString.literal(code) + ",\"errorMessage\":" + JSONString.literal(message) + "}"
        return Array(json.utf8)
    }
}
