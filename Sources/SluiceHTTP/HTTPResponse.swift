/// An HTTP response: what a server's handler returns, and what a client receives.
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The reason phrase ("OK"); a server sends it on the status line.
    public var reason: String
    /// The header fields. A server sets `Content-Length` and `Connection` itself.
    public var headers: HTTPHeaders
    /// The body.
    public var body: [UInt8]
    /// When set, a server sends these parts as the body instead of `body` (file regions by
    /// `sendfile`); clients never set it.
    public var bodyParts: [HTTPBodyPart]?

    /// A response with the standard reason phrase for `status` ("Unknown" for codes not in the
    /// table).
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.init(status: status, reason: HTTPResponse.reasonPhrase(for: status), headers: headers, body: body)
    }

    /// A response with the reason phrase a server sent.
    init(status: Int, reason: String, headers: HTTPHeaders, body: [UInt8]) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// The standard reason phrase for `status`, or "Unknown".
    public static func reasonPhrase(for status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 411: "Length Required"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 416: "Range Not Satisfiable"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Unknown"
        }
    }
}
