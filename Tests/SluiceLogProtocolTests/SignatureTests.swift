import SluiceLogProtocol
import Testing

/// Expected strings were written out from `sls-api.md` §4 and cross-checked against
/// aliyun-log-python-sdk 0.9.52 (`Util.canonicalized_log_headers`/`canonicalized_resource`,
/// `AuthV4.build_canonical_request`).
@Suite struct SignatureTests {
    private static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    @Test func v1PullLogsRequest() {
        let date = "Thu, 26 Nov 2026 10:19:06 GMT"
        let headers: [(String, String)] = [
            ("Host", "proj1.127.0.0.1"), ("User-Agent", "log-python-sdk-v-0.9.52"), ("Accept-Encoding", "lz4"),
            ("Accept", "application/x-protobuf"), ("x-log-apiversion", "0.6.0"),
            ("x-log-signaturemethod", "hmac-sha1"), ("x-log-bodyrawsize", "0"), ("Content-Length", "0"),
            ("Date", date), ("x-log-date", date), ("Authorization", "LOG id:c2lnbmF0dXJl"),
        ]
        let query: [(String, String)] = [("type", "log"), ("cursor", "MA=="), ("count", "100")]
        let expected =
            "GET\n\n\nThu, 26 Nov 2026 10:19:06 GMT\nx-log-apiversion:0.6.0\nx-log-bodyrawsize:0\n"
            + "x-log-signaturemethod:hmac-sha1\n/logstores/s1/shards/0?count=100&cursor=MA==&type=log"
        let actual = SignatureV1.stringToSign(
            method: "GET", resource: "/logstores/s1/shards/0", query: query, headers: headers)
        #expect(actual == expected)
    }

    @Test func v1PutLogsRequest() {
        // Mixed-case names, a security token, an excluded x-log-meta-* header, no query.
        let headers: [(String, String)] = [
            ("content-md5", "0123456789ABCDEF0123456789ABCDEF"), ("CONTENT-TYPE", "application/x-protobuf"),
            ("X-Log-CompressType", "lz4"), ("x-acs-security-token", "tok"), ("x-log-meta-foo", "bar"),
            ("x-log-bodyrawsize", "183"), ("x-log-apiversion", "0.6.0"), ("x-log-signaturemethod", "hmac-sha1"),
            ("date", "Tue, 14 Nov 2023 22:13:20 GMT"), ("Content-Length", "117"),
        ]
        let expected =
            "POST\n0123456789ABCDEF0123456789ABCDEF\napplication/x-protobuf\nTue, 14 Nov 2023 22:13:20 GMT\n"
            + "x-acs-security-token:tok\nx-log-apiversion:0.6.0\nx-log-bodyrawsize:183\nx-log-compresstype:lz4\n"
            + "x-log-signaturemethod:hmac-sha1\n/logstores/store1/shards/lb"
        let actual = SignatureV1.stringToSign(
            method: "POST", resource: "/logstores/store1/shards/lb", query: [], headers: headers)
        #expect(actual == expected)
    }

    @Test func v1ExclusionsAreConfigurable() {
        let headers: [(String, String)] = [("Date", "d"), ("x-log-date", "d"), ("x-log-apiversion", "0.6.0")]
        let signed = SignatureV1.canonicalizedHeaders(headers, excluding: [])
        #expect(signed == "x-log-apiversion:0.6.0\nx-log-date:d\n")
        #expect(SignatureV1.canonicalizedHeaders(headers) == "x-log-apiversion:0.6.0\n")
        #expect(SignatureV1.canonicalizedResource(path: "/", query: []) == "/")
        #expect(
            SignatureV1.canonicalizedResource(path: "/logstores", query: [("size", "100"), ("offset", "0")])
                == "/logstores?offset=0&size=100")
    }

    @Test func v1AuthorizationRoundTrips() throws {
        let value = SignatureV1.authorization(accessKeyId: "LTAIxyz", signature: "c2ln/+==")
        #expect(value == "LOG LTAIxyz:c2ln/+==")
        let parsed = try #require(SignatureV1.parseAuthorization(value))
        #expect(parsed.accessKeyId == "LTAIxyz")
        #expect(parsed.signature == "c2ln/+==")
        for bad in ["", "LOG ", "LOG id", "LOG :sig", "LOG id:", "Bearer id:sig", "log id:sig"] {
            let rejected = SignatureV1.parseAuthorization(bad) == nil
            #expect(rejected, "\(bad)")
        }
    }

    @Test func v4CanonicalRequest() {
        let headers: [(String, String)] = [
            ("Host", "proj1.example.com"), ("Content-Type", " application/json "), ("x-log-apiversion", "0.6.0"),
            ("x-log-bodyrawsize", "0"), ("x-log-meta-foo", "bar"), ("User-Agent", "x"),
            ("x-log-content-sha256", Self.emptySHA256), ("x-log-date", "20261126T101906Z"),
        ]
        let query: [(String, String)] = [("type", "cursor"), ("from", "begin"), ("empty", ""), ("q", "a b/c~é")]
        let result = SignatureV4.canonicalRequest(
            method: "GET", path: "/logstores/s1/shards/0", query: query, headers: headers,
            payloadHash: Self.emptySHA256)
        let signedHeaders = "content-type;host;x-log-apiversion;x-log-bodyrawsize;x-log-content-sha256;x-log-date"
        let expected =
            "GET\n/logstores/s1/shards/0\nempty&from=begin&q=a%20b%2Fc~%C3%A9&type=cursor\n"
            + "content-type:application/json\nhost:proj1.example.com\nx-log-apiversion:0.6.0\n"
            + "x-log-bodyrawsize:0\nx-log-content-sha256:\(Self.emptySHA256)\nx-log-date:20261126T101906Z\n"
            + "\n\(signedHeaders)\n\(Self.emptySHA256)"
        #expect(result.signedHeaders == signedHeaders)
        #expect(result.canonical == expected)
    }

    @Test func v4StringToSignAndAuthorization() throws {
        let scope = SignatureV4.scope(date: "20261126T101906Z", region: "cn-hangzhou")
        #expect(scope == "20261126/cn-hangzhou/sls/aliyun_v4_request")
        let hash = "d139d124dd6705f312ff4846723ad70a3525e5ea66fe2729227b2f63a35009d8"
        #expect(
            SignatureV4.stringToSign(date: "20261126T101906Z", region: "cn-hangzhou", canonicalRequestSHA256Hex: hash)
                == "SLS4-HMAC-SHA256\n20261126T101906Z\n20261126/cn-hangzhou/sls/aliyun_v4_request\n\(hash)")

        let signature = "68f86f49b061aae4118fb0d5f251f8ce3be365834e934348afb9a466e98cdea8"
        let value = SignatureV4.authorization(accessKeyId: "ak", scope: scope, signature: signature)
        #expect(value == "SLS4-HMAC-SHA256 Credential=ak/\(scope),Signature=\(signature)")
        let parsed = try #require(SignatureV4.parseAuthorization(value))
        #expect(parsed.accessKeyId == "ak")
        #expect(parsed.scope == scope)
        #expect(parsed.signature == signature)
        let bad: [String] = [
            "", "SLS4-HMAC-SHA256", "SLS4-HMAC-SHA256 Credential=ak/\(scope)",
            "SLS4-HMAC-SHA256 Signature=\(signature)",
            "SLS4-HMAC-SHA256 Credential=ak,Signature=\(signature)", "LOG ak:sig",
            "SLS4-HMAC-SHA256 Credential=/\(scope),Signature=\(signature)",
            "SLS4-HMAC-SHA256 Credential=ak/\(scope),Signature=",
        ]
        for text in bad {
            let rejected = SignatureV4.parseAuthorization(text) == nil
            #expect(rejected, "\(text)")
        }
    }

    @Test func v4EncodesOnlyReservedBytes() {
        #expect(SignatureV4.uriEncode("AZaz09-_.~") == "AZaz09-_.~")
        #expect(SignatureV4.uriEncode("a=b&c d+/") == "a%3Db%26c%20d%2B%2F")
        #expect(SignatureV4.uriEncode("MA==") == "MA%3D%3D")
        #expect(SignatureV4.canonicalQuery([("b", "2"), ("a", ""), ("b", "3")]) == "a&b=3")
    }
}
