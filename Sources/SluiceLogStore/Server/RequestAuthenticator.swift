import SluiceCrypto
import SluiceHTTP
import SluiceLogClient
import SluiceLogProtocol

/// The digest of a body that a signed head declares, and the body must match once read.
enum BodyDigest: Sendable, Equatable {
    /// No body, or an unsigned (insecure) server: nothing to check.
    case none
    /// `Content-MD5` (v1 signatures): uppercase hex MD5.
    case md5(String)
    /// `x-log-content-sha256` (v4 signatures): hex SHA-256.
    case sha256(String)
}

/// Checks SLS request signatures (v1 HMAC-SHA1 and v4 HMAC-SHA256), the request date and the body
/// digest against the server's access keys: the head first (before the body is read), the body
/// against the digest the signed head declared after.
struct RequestAuthenticator: Sendable {
    /// Access key id → secret. Empty only with `insecure`.
    let credentials: [String: String]
    /// Accept every request unsigned (`--insecure-no-auth`).
    let insecure: Bool

    /// Largest difference between the request's date and the server's clock, as SLS allows.
    static let maxClockSkewSeconds: Int64 = 15 * 60

    /// Checks the request's head, before its body is read: the signature, the date, and that a
    /// request with a body declares the body's digest (`Content-MD5` under v1 signatures,
    /// `x-log-content-sha256` under v4), which the signature covers. Returns the digest the body
    /// must then match (`checkBody`).
    /// - Parameter hasBody: whether the request carries a body (a non-zero `Content-Length`, or
    ///   chunked).
    /// - Throws: the SLS error the real service would answer with.
    func checkHead(_ request: HTTPRequest, hasBody: Bool, now: Int64) throws(LogStoreError) -> BodyDigest {
        guard !insecure else { return .none }
        guard let authorization = request.headers["Authorization"], !authorization.isEmpty else {
            throw LogStoreError("the request is not signed (no Authorization header)", code: "MissAccessKeyId", status: 400)
        }
        let headers = request.headers.map { ($0.name, $0.value) }
        let query = request.query.map { ($0.name, $0.value) }
        if authorization.hasPrefix("SLS4-HMAC-SHA256") {
            return try checkV4(request, hasBody: hasBody, authorization: authorization, headers: headers, query: query, now: now)
        }
        return try checkV1(request, hasBody: hasBody, authorization: authorization, headers: headers, query: query, now: now)
    }

    /// Checks a body read after `checkHead` accepted its head against the digest the head declared.
    func checkBody(_ body: [UInt8], against digest: BodyDigest) throws(LogStoreError) {
        switch digest {
        case .none:
            return
        case let .md5(declared):
            guard declared.uppercased() == Digest.md5Hex(body) else {
                throw LogStoreError("Content-MD5 does not match the body", code: "InvalidContentMD5", status: 400)
            }
        case let .sha256(declared):
            guard declared.lowercased() == Digest.sha256Hex(body) else {
                throw LogStoreError("x-log-content-sha256 does not match the body", code: "SignatureNotMatch", status: 401)
            }
        }
    }

    private func checkV1(
        _ request: HTTPRequest, hasBody: Bool, authorization: String, headers: [(String, String)],
        query: [(String, String)], now: Int64
    ) throws(LogStoreError) -> BodyDigest {
        guard let (keyId, signature) = SignatureV1.parseAuthorization(authorization) else {
            throw LogStoreError("malformed Authorization header", code: "Unauthorized", status: 401)
        }
        let secret = try secret(for: keyId)
        guard let date = request.headers["Date"] else {
            throw LogStoreError("the request has no Date header", code: "MissingDate", status: 400)
        }
        guard let time = HTTPDate.parse(date) else {
            throw LogStoreError("invalid Date header: \(date)", code: "InvalidDateFormat", status: 400)
        }
        try checkSkew(time, now: now)
        let md5 = request.headers["Content-MD5"]
        if hasBody, md5 == nil || md5?.isEmpty == true {
            throw LogStoreError(
                "a request with a body must carry Content-MD5, which the signature covers", code: "MissingContentMD5",
                status: 400)
        }
        let text = SignatureV1.stringToSign(method: request.method, resource: request.path, query: query, headers: headers)
        guard Digest.hmacSHA1Base64(key: secret, message: text) == signature else {
            throw LogStoreError("signature does not match for access key \(keyId)", code: "SignatureNotMatch", status: 401)
        }
        return hasBody ? .md5(md5 ?? "") : .none
    }

    private func checkV4(
        _ request: HTTPRequest, hasBody: Bool, authorization: String, headers: [(String, String)],
        query: [(String, String)], now: Int64
    ) throws(LogStoreError) -> BodyDigest {
        guard let (keyId, scope, signature) = SignatureV4.parseAuthorization(authorization) else {
            throw LogStoreError("malformed Authorization header", code: "Unauthorized", status: 401)
        }
        let secret = try secret(for: keyId)
        let scopeParts = scope.split(separator: "/").map(String.init)
        guard scopeParts.count == 4, let date = request.headers["x-log-date"], date.hasPrefix(scopeParts[0]) else {
            throw LogStoreError("the credential scope does not match x-log-date", code: "Unauthorized", status: 401)
        }
        guard let time = HTTPDate.parseCompact(date) else {
            throw LogStoreError("invalid x-log-date header: \(date)", code: "InvalidDateFormat", status: 400)
        }
        try checkSkew(time, now: now)
        let declared = request.headers["x-log-content-sha256"].flatMap { $0.isEmpty ? nil : $0 }
        if hasBody, declared == nil {
            throw LogStoreError(
                "a request with a body must carry x-log-content-sha256, which the signature covers",
                code: "MissingContentSHA256", status: 400)
        }
        let (canonical, _) = SignatureV4.canonicalRequest(
            method: request.method, path: request.path, query: query, headers: headers,
            payloadHash: declared ?? Self.emptySHA256Hex)
        let text = SignatureV4.stringToSign(
            date: date, region: scopeParts[1], canonicalRequestSHA256Hex: Digest.sha256Hex(Array(canonical.utf8)))
        var key = Digest.hmacSHA256(key: Array(("aliyun_v4" + secret).utf8), message: scopeParts[0])
        key = Digest.hmacSHA256(key: key, message: scopeParts[1])
        key = Digest.hmacSHA256(key: key, message: "sls")
        key = Digest.hmacSHA256(key: key, message: "aliyun_v4_request")
        guard Digest.hex(Digest.hmacSHA256(key: key, message: text)) == signature.lowercased() else {
            throw LogStoreError("signature does not match for access key \(keyId)", code: "SignatureNotMatch", status: 401)
        }
        return declared.map { .sha256($0) } ?? .none
    }

    /// The SHA-256 of no bytes, the payload hash of a bodiless v4 request.
    static let emptySHA256Hex = Digest.sha256Hex([])

    private func secret(for keyId: String) throws(LogStoreError) -> String {
        guard let secret = credentials[keyId] else {
            throw LogStoreError("unknown access key id \(keyId)", code: "Unauthorized", status: 401)
        }
        return secret
    }

    private func checkSkew(_ time: Int64, now: Int64) throws(LogStoreError) {
        guard abs(time - now) <= Self.maxClockSkewSeconds else {
            throw LogStoreError(
                "the request time is \(time - now) s off the server's clock (at most \(Self.maxClockSkewSeconds) s)",
                code: "RequestTimeExpired", status: 400)
        }
    }
}
