/// A request-target (RFC 9112 §3.2) taken apart: the decoded path and the query.
struct RequestTarget: Sendable {
    /// The percent-decoded path; "*" for the asterisk form.
    var path: String
    /// The query as sent, without the `?`.
    var rawQuery: String
    /// The query's `name=value` pairs, percent-decoded, in order.
    var query: [(name: String, value: String)]

    /// Parses an origin-form ("/p?q"), absolute-form ("http://host:port/p?q") or asterisk-form
    /// ("*") target. The authority of an absolute-form target is dropped (the Host header stays
    /// as sent); a fragment is dropped.
    init(parsing target: String) throws(HTTPError) {
        if target == "*" {
            path = "*"
            rawQuery = ""
            query = []
            return
        }
        var rest = Substring(target)
        if !rest.hasPrefix("/") {
            rest = try Self.pathAndQuery(ofAbsolute: rest)
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let pathPart: Substring
        let queryPart: Substring
        if let question = rest.firstIndex(of: "?") {
            pathPart = rest[..<question]
            queryPart = rest[rest.index(after: question)...]
        } else {
            pathPart = rest
            queryPart = ""
        }
        path = pathPart.isEmpty ? "/" : PercentEncoding.decode(pathPart)
        rawQuery = String(queryPart)
        query = Self.parseQuery(queryPart)
    }

    /// What follows the authority of an absolute-form target: "http://h:1/p?q" → "/p?q".
    private static func pathAndQuery(ofAbsolute target: Substring) throws(HTTPError) -> Substring {
        guard let colon = target.firstIndex(of: ":") else { throw HTTPError.malformed("invalid request target") }
        let scheme = target[..<colon].lowercased()
        guard scheme == "http" || scheme == "https", target[colon...].hasPrefix("://") else {
            throw HTTPError.malformed("invalid request target")
        }
        let authority = target[target.index(colon, offsetBy: 3)...]
        let end = authority.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? authority.endIndex
        guard end > authority.startIndex else { throw HTTPError.malformed("request target without a host") }
        return authority[end...]
    }

    /// `a=1&b=x%3D&c` → [("a", "1"), ("b", "x="), ("c", "")]; empty pieces are skipped.
    static func parseQuery(_ raw: Substring) -> [(name: String, value: String)] {
        raw.split(separator: "&").map { pair -> (name: String, value: String) in
            guard let equals = pair.firstIndex(of: "=") else { return (name: PercentEncoding.decode(pair), value: "") }
            return (
                name: PercentEncoding.decode(pair[..<equals]),
                value: PercentEncoding.decode(pair[pair.index(after: equals)...])
            )
        }
    }

    /// The query string for `pairs`: names and values percent-encoded outside the unreserved set.
    static func encodeQuery(_ pairs: [(name: String, value: String)]) -> String {
        pairs.map {
            PercentEncoding.encode($0.name, keeping: PercentEncoding.isUnreserved) + "="
                + PercentEncoding.encode($0.value, keeping: PercentEncoding.isUnreserved)
        }.joined(separator: "&")
    }
}
