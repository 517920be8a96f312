import SluiceCrypto
import SluiceHTTP
import SluiceLogProtocol

/// Builds a v1-signed SLS request (sls-api.md §1 and §4): the headers the python SDK sends, the
/// string to sign over them, and `Authorization: LOG id:signature`.
enum SLSRequestSigner {
    /// The API version sent in `x-log-apiversion`.
    static let apiVersion = "0.6.0"

    static func sign(
        method: String, host: String, path: String, query: [(String, String)], body: [UInt8], contentType: String?,
        rawSize: Int, compression: LogCompression, accept: LogCompression?, credentials: SLSCredentials, now: Int64
    ) -> HTTPRequest {
        var headers: [(String, String)] = [
            ("Host", host),
            ("Date", HTTPDate.format(epochSeconds: now)),
            ("x-log-apiversion", apiVersion),
            ("x-log-signaturemethod", "hmac-sha1"),
            ("x-log-bodyrawsize", String(rawSize)),
        ]
        if let contentType { headers.append(("Content-Type", contentType)) }
        if !body.isEmpty { headers.append(("Content-MD5", Digest.md5Hex(body))) }
        if compression != .none { headers.append(("x-log-compresstype", compression.rawValue)) }
        if let accept {
            headers.append(("Accept", "application/x-protobuf"))
            headers.append(("Accept-Encoding", accept.rawValue))
        }
        let text = SignatureV1.stringToSign(method: method, resource: path, query: query, headers: headers)
        let signature = Digest.hmacSHA1Base64(key: credentials.accessKeySecret, message: text)
        headers.append(("Authorization", SignatureV1.authorization(accessKeyId: credentials.accessKeyId, signature: signature)))
        var httpHeaders = HTTPHeaders()
        for (name, value) in headers { httpHeaders.add(name, value) }
        return HTTPRequest(
            method: method, path: path, query: query.map { (name: $0.0, value: $0.1) }, headers: httpHeaders, body: body)
    }
}
