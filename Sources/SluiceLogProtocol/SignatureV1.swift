/// The SLS v1 request signature (`sls-api.md` §4): the string to sign and the Authorization
/// header.
///
/// ```
/// StringToSign = VERB \n Content-MD5 \n Content-Type \n Date \n
///                x-log-*/x-acs-* headers, sorted, "name:value\n" each
///                path[?k=v&k=v…]   (query sorted by key, values not URL-encoded)
/// Authorization = "LOG " + AccessKeyId + ":" + base64(HMAC-SHA1(secret, UTF-8(StringToSign)))
/// ```
///
/// The HMAC itself is computed elsewhere (it needs the crypto library).
public enum SignatureV1 {
    /// Headers never signed by v1: the python SDK adds `x-log-date` (a copy of `Date`) only
    /// after signing, yet sends it, so a verifier must leave it out.
    public static let defaultExcludedHeaders: Set<String> = ["x-log-date"]

    /// Builds the v1 string to sign. The client and the verifying server call it alike.
    ///
    /// - Parameters:
    ///   - method: The HTTP method, e.g. `"GET"`.
    ///   - path: The resource path without query, e.g. `"/logstores/s1/shards/0"`.
    ///   - query: The query parameters, URL-decoded (`cursor=MA==`, not `MA%3D%3D`).
    ///   - headers: The request headers; names are matched case-insensitively.
    ///   - excluding: Lowercase names of `x-log-*`/`x-acs-*` headers to leave out.
    /// - Returns: The exact string that is HMAC-SHA1 signed.
    public static func stringToSign(
        method: String, resource path: String, query: [(String, String)], headers: [(String, String)],
        excluding: Set<String> = SignatureV1.defaultExcludedHeaders
    ) -> String {
        var out = method + "\n"
        out += (RequestSigning.headerValue("content-md5", in: headers) ?? "") + "\n"
        out += (RequestSigning.headerValue("content-type", in: headers) ?? "") + "\n"
        out += (RequestSigning.headerValue("date", in: headers) ?? "") + "\n"
        out += canonicalizedHeaders(headers, excluding: excluding)
        out += canonicalizedResource(path: path, query: query)
        return out
    }

    /// The `CanonicalizedLOGHeaders` part: signed headers as `name:value\n`, names lowercase,
    /// sorted by name.
    ///
    /// - Parameters:
    ///   - headers: The request headers.
    ///   - excluding: Lowercase names to leave out.
    /// - Returns: The concatenated lines (empty when no header qualifies).
    public static func canonicalizedHeaders(
        _ headers: [(String, String)], excluding: Set<String> = SignatureV1.defaultExcludedHeaders
    ) -> String {
        var signed: [(String, String)] = []
        for (name, value) in headers {
            let lowercaseName = name.lowercased()
            if RequestSigning.isExtraSignHeader(lowercaseName) && !excluding.contains(lowercaseName) {
                signed.append((lowercaseName, value))
            }
        }
        var out = ""
        for (name, value) in RequestSigning.sortedByKey(signed) {
            out += name + ":" + value + "\n"
        }
        return out
    }

    /// The `CanonicalizedResource` part: the path, then `?` and the query sorted by key as
    /// `key=value` joined with `&` (raw values), when there is a query.
    ///
    /// - Parameters:
    ///   - path: The resource path.
    ///   - query: The URL-decoded query parameters.
    /// - Returns: The resource string.
    public static func canonicalizedResource(path: String, query: [(String, String)]) -> String {
        guard !query.isEmpty else { return path }
        let pairs = RequestSigning.sortedByKey(query).map { $0.0 + "=" + $0.1 }
        return path + "?" + pairs.joined(separator: "&")
    }

    /// The Authorization header value `LOG <AccessKeyId>:<signature>`.
    ///
    /// - Parameters:
    ///   - accessKeyId: The access key id.
    ///   - signature: The base64 HMAC-SHA1 signature.
    /// - Returns: The header value.
    public static func authorization(accessKeyId: String, signature: String) -> String {
        "LOG " + accessKeyId + ":" + signature
    }

    /// Splits a v1 Authorization header value.
    ///
    /// - Parameter value: The header value, e.g. `LOG id:c2ln`.
    /// - Returns: The access key id and signature, or nil unless the value has the v1 shape with
    ///   both parts non-empty.
    public static func parseAuthorization(_ value: String) -> (accessKeyId: String, signature: String)? {
        guard value.hasPrefix("LOG ") else { return nil }
        let credentials = value.dropFirst(4)
        guard let colon = credentials.firstIndex(of: ":") else { return nil }
        let accessKeyId = credentials[..<colon]
        let signature = credentials[credentials.index(after: colon)...]
        guard !accessKeyId.isEmpty, !signature.isEmpty else { return nil }
        return (String(accessKeyId), String(signature))
    }
}
