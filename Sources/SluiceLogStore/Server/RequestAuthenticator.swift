import SluiceHTTP
import SluiceLogProtocol

/// Checks SLS request signatures (v1 HMAC-SHA1 and v4 HMAC-SHA256), the request date and the body
/// digest against the server's access keys.
struct RequestAuthenticator: Sendable {
    /// Access key id → secret. Empty only with `insecure`.
    let credentials: [String: String]
    /// Accept every request unsigned (`--insecure-no-auth`).
    let insecure: Bool

    /// Largest difference between the request's date and the server's clock, as SLS allows.
    static let maxClockSkewSeconds: Int64 = 15 * 60

    /// Throws the SLS error the real service would answer with, or returns when the request is
    /// signed by a known key.
    func check(_ request: HTTPRequest, now: Int64) throws(LogStoreError) {
        guard !insecure else { return }
        guard let authorization = request.headers["Authorization"], !authorization.isEmpty else {
            throw LogStoreError("the request is not signed (no Authorization header)", code: "MissAccessKeyId", status: 400)
        }
        let headers = request.headers.map { ($0.name, $0.value) }
        let query = request.query.map { ($0.name, $0.value) }
        if authorization.hasPrefix("SLS4-HMAC-SHA256") {
            try checkV4(request, authorization: authorization, headers: headers, query: query, now: now)
        } else {
            try checkV1(request, authorization: authorization, headers: headers, query: query, now: now)
        }
    }

    private func checkV1(
        _ request: HTTPRequest, authorization: String, headers: [(String, String)], query: [(String, String)], now: Int64
    ) throws(LogStoreError) {
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
        if !request.body.isEmpty, let md5 = request.headers["Content-MD5"], md5.uppercased() != Digest.md5Hex(request.body) {
            throw LogStoreError("Content-MD5 does not match the body", code: "InvalidContentMD5", status: 400)
        }
        let text = SignatureV1.stringToSign(method: request.method, resource: request.path, query: query, headers: headers)
        guard Digest.hmacSHA1Base64(key: secret, message: text) == signature else {
            throw LogStoreError("signature does not match for access key \(keyId)", code: "SignatureNotMatch", status: 401)
        }
    }

    private func checkV4(
        _ request: HTTPRequest, authorization: String, headers: [(String, String)], query: [(String, String)], now: Int64
    ) throws(LogStoreError) {
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
        let payloadHash = Digest.sha256Hex(request.body)
        if let declared = request.headers["x-log-content-sha256"], declared.lowercased() != payloadHash {
            throw LogStoreError("x-log-content-sha256 does not match the body", code: "SignatureNotMatch", status: 401)
        }
        let (canonical, _) = SignatureV4.canonicalRequest(
            method: request.method, path: request.path, query: query, headers: headers,
            payloadHash: request.headers["x-log-content-sha256"] ?? payloadHash)
        let text = SignatureV4.stringToSign(
            date: date, region: scopeParts[1], canonicalRequestSHA256Hex: Digest.sha256Hex(Array(canonical.utf8)))
        var key = Digest.hmacSHA256(key: Array(("aliyun_v4" + secret).utf8), message: scopeParts[0])
        key = Digest.hmacSHA256(key: key, message: scopeParts[1])
        key = Digest.hmacSHA256(key: key, message: "sls")
        key = Digest.hmacSHA256(key: key, message: "aliyun_v4_request")
        guard Digest.hex(Digest.hmacSHA256(key: key, message: text)) == signature.lowercased() else {
            throw LogStoreError("signature does not match for access key \(keyId)", code: "SignatureNotMatch", status: 401)
        }
    }

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
