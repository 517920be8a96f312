/// The SLS v4 request signature (`sls-api.md` §4): canonical request, string to sign, scope and
/// the Authorization header.
///
/// ```
/// CanonicalRequest = METHOD \n PATH \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
/// StringToSign     = "SLS4-HMAC-SHA256" \n <x-log-date> \n <scope> \n hex(SHA256(CanonicalRequest))
/// Scope            = <YYYYMMDD>/<region>/sls/aliyun_v4_request
/// Authorization    = "SLS4-HMAC-SHA256 Credential=<AccessKeyId>/<scope>,Signature=<hex>"
/// ```
///
/// The hashing is done elsewhere (it needs the crypto library). The signing key chain is
/// `k = HMAC-SHA256("aliyun_v4" + secret, date[0..<8])`, then `k = HMAC-SHA256(k, region)`,
/// `k = HMAC-SHA256(k, "sls")`, `k = HMAC-SHA256(k, "aliyun_v4_request")`, and the signature is
/// `hex(HMAC-SHA256(k, StringToSign))`.
public enum SignatureV4 {
    /// The algorithm name that starts the string to sign and the Authorization header.
    public static let algorithm = "SLS4-HMAC-SHA256"

    /// `hex(SHA256(""))`, the `x-log-content-sha256` of a request without body.
    public static let emptyPayloadSHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Builds the canonical request.
    ///
    /// Query keys are sorted (code-point order) and kept raw; values are RFC 3986-encoded and a
    /// key with an empty value is written alone. Signed headers are `content-type`, `host` and
    /// the `x-log-*`/`x-acs-*` headers except `x-log-meta-*`, lowercase and sorted, values
    /// trimmed. A repeated query key or header keeps its last value (as the python SDK's dicts).
    ///
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - path: The resource path without query.
    ///   - query: The URL-decoded query parameters.
    ///   - headers: The request headers, including `x-log-date` and `x-log-content-sha256`.
    ///   - payloadHash: Lowercase hex SHA-256 of the body as sent (`x-log-content-sha256`).
    /// - Returns: The canonical request and the `;`-joined signed header names.
    public static func canonicalRequest(
        method: String, path: String, query: [(String, String)], headers: [(String, String)], payloadHash: String
    ) -> (canonical: String, signedHeaders: String) {
        let canonicalHeaders = signedHeaderPairs(headers)
        var headerLines = ""
        for (name, value) in canonicalHeaders {
            headerLines += name + ":" + value + "\n"
        }
        let signedHeaders = canonicalHeaders.map { $0.0 }.joined(separator: ";")
        // headerLines ends in "\n", so a blank line separates it from the signed header list.
        let canonical = [method, path, canonicalQuery(query), headerLines, signedHeaders, payloadHash]
            .joined(separator: "\n")
        return (canonical, signedHeaders)
    }

    /// The `CanonicalQuery` part: `key=encoded-value` (or `key` for an empty value), sorted by
    /// key, joined with `&`.
    ///
    /// - Parameter query: The URL-decoded query parameters.
    /// - Returns: The canonical query string.
    public static func canonicalQuery(_ query: [(String, String)]) -> String {
        lastValueByKey(query).map { key, value in
            value.isEmpty ? key : key + "=" + uriEncode(value)
        }.joined(separator: "&")
    }

    /// The credential scope `<YYYYMMDD>/<region>/sls/aliyun_v4_request`.
    ///
    /// - Parameters:
    ///   - date: `YYYYMMDD` or the full `YYYYMMDDTHHMMSSZ` (its first eight characters are used).
    ///   - region: The region, e.g. `cn-hangzhou`.
    /// - Returns: The scope.
    public static func scope(date: String, region: String) -> String {
        String(date.prefix(8)) + "/" + region + "/sls/aliyun_v4_request"
    }

    /// The v4 string to sign.
    ///
    /// - Parameters:
    ///   - date: The `x-log-date` value, `YYYYMMDDTHHMMSSZ`.
    ///   - region: The region.
    ///   - canonicalRequestSHA256Hex: Lowercase hex SHA-256 of the UTF-8 canonical request.
    /// - Returns: The exact string that is HMAC-SHA256 signed.
    public static func stringToSign(date: String, region: String, canonicalRequestSHA256Hex: String) -> String {
        [algorithm, date, scope(date: date, region: region), canonicalRequestSHA256Hex].joined(separator: "\n")
    }

    /// The Authorization header value.
    ///
    /// - Parameters:
    ///   - accessKeyId: The access key id.
    ///   - scope: The credential scope.
    ///   - signature: The lowercase hex signature.
    /// - Returns: `SLS4-HMAC-SHA256 Credential=<id>/<scope>,Signature=<hex>`.
    public static func authorization(accessKeyId: String, scope: String, signature: String) -> String {
        "\(algorithm) Credential=\(accessKeyId)/\(scope),Signature=\(signature)"
    }

    /// Splits a v4 Authorization header value. Unknown `name=value` parts are ignored.
    ///
    /// - Parameter value: The header value.
    /// - Returns: The access key id (before the first `/` of the credential), the scope (after
    ///   it) and the signature, or nil unless all three are present and non-empty.
    public static func parseAuthorization(_ value: String) -> (accessKeyId: String, scope: String, signature: String)? {
        guard value.hasPrefix(algorithm + " ") else { return nil }
        var credential: Substring?
        var signature: Substring?
        for part in value.dropFirst(algorithm.count + 1).split(separator: ",") {
            let item = Substring(RequestSigning.trimmed(String(part)))
            if item.hasPrefix("Credential=") {
                credential = item.dropFirst("Credential=".count)
            } else if item.hasPrefix("Signature=") {
                signature = item.dropFirst("Signature=".count)
            }
        }
        guard let credential, let signature, !signature.isEmpty,
            let slash = credential.firstIndex(of: "/")
        else { return nil }
        let accessKeyId = credential[..<slash]
        let scope = credential[credential.index(after: slash)...]
        guard !accessKeyId.isEmpty, !scope.isEmpty else { return nil }
        return (String(accessKeyId), String(scope), String(signature))
    }

    /// RFC 3986 percent-encoding of the UTF-8 bytes of `text`: `A-Z a-z 0-9 - _ . ~` stay, every
    /// other byte becomes `%XX` (uppercase hex), as python's `quote(safe='~')`.
    ///
    /// - Parameter text: The raw value.
    /// - Returns: The encoded value.
    public static func uriEncode(_ text: String) -> String {
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The signed headers as (lowercase name, trimmed value), sorted by name, last value wins.
    private static func signedHeaderPairs(_ headers: [(String, String)]) -> [(String, String)] {
        var selected: [(String, String)] = []
        for (name, value) in headers {
            let lowercaseName = name.lowercased()
            if lowercaseName == "content-type" || lowercaseName == "host"
                || RequestSigning.isExtraSignHeader(lowercaseName)
            {
                selected.append((lowercaseName, RequestSigning.trimmed(value)))
            }
        }
        return lastValueByKey(selected)
    }

    /// `pairs` with one entry per key (its last value), sorted by key in code-point order.
    private static func lastValueByKey(_ pairs: [(String, String)]) -> [(String, String)] {
        var lastIndex: [String: Int] = [:]
        for (index, pair) in pairs.enumerated() {
            lastIndex[pair.0] = index
        }
        let kept = pairs.enumerated().filter { lastIndex[$0.element.0] == $0.offset }.map { $0.element }
        return RequestSigning.sortedByKey(kept)
    }
}
