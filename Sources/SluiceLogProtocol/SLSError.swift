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
        let json = "{\"errorCode\":" + Self.jsonString(code) + ",\"errorMessage\":" + Self.jsonString(message) + "}"
        return Array(json.utf8)
    }

    /// `text` as a JSON string literal, quotes included.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }
}
