/// An HTTP request: what a server's handler receives, and what a client sends.
public struct HTTPRequest: Sendable {
    /// The method, as sent ("GET", "POST", …; case-sensitive).
    public var method: String
    /// The request-target as sent on the request line; the client sends this, not `path`/`query`.
    public var target: String
    /// The target's path, percent-decoded; from origin-form or absolute-form targets ("*" for the
    /// asterisk form).
    public var path: String
    /// The target's query as sent, without the `?` ("" when none).
    public var rawQuery: String
    /// The query's `name=value` pairs, percent-decoded (`+` stays `+`), in order; a bare `a` is
    /// ("a", "").
    public var query: [(name: String, value: String)]
    /// The header fields.
    public var headers: HTTPHeaders
    /// The body (after chunked decoding).
    public var body: [UInt8]
    /// The protocol version of the request line (a client always sends HTTP/1.1).
    public var version: HTTPVersion

    /// A request for a client: `target` is built from `path` and `query`, the path kept to its
    /// RFC 3986 path characters and query names and values percent-encoded outside the unreserved
    /// set (so `cursor=MA==` is sent as `cursor=MA%3D%3D`).
    public init(
        method: String, path: String, query: [(name: String, value: String)] = [], headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = []
    ) {
        let path = path.isEmpty ? "/" : path
        let rawQuery = RequestTarget.encodeQuery(query)
        let encodedPath = PercentEncoding.encode(path, keeping: PercentEncoding.isPathByte)
        self.method = method
        self.path = path
        self.query = query
        self.rawQuery = rawQuery
        target = rawQuery.isEmpty ? encodedPath : encodedPath + "?" + rawQuery
        self.headers = headers
        self.body = body
        version = .http11
    }

    /// A request with a raw `target` (origin-form, absolute-form or "*"), taken apart into `path`
    /// and `query`.
    /// - Throws: `HTTPError` of kind `malformedMessage` for a target of another form.
    public init(
        method: String, target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
        version: HTTPVersion = .http11
    ) throws(HTTPError) {
        let parsed = try RequestTarget(parsing: target)
        self.method = method
        self.target = target
        path = parsed.path
        rawQuery = parsed.rawQuery
        query = parsed.query
        self.headers = headers
        self.body = body
        self.version = version
    }

    /// The decoded value of the first query parameter called `name` (exact case), or nil.
    public func queryValue(_ name: String) -> String? {
        query.first(where: { $0.name == name })?.value
    }
}
