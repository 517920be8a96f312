import CCrypto
import SluiceCore

/// The digests of SLS request signing, over OpenSSL's libcrypto.
public enum Digest {
    /// MD5 of `bytes`, as 32 uppercase hex digits (the `Content-MD5` header's form).
    public static func md5Hex(_ bytes: [UInt8]) -> String {
        hex(digest(bytes, EVP_md5()), uppercase: true)
    }

    /// MD5 of `bytes` as raw bytes (a 128-bit shard hash key).
    public static func md5(_ bytes: [UInt8]) -> [UInt8] { digest(bytes, EVP_md5()) }

    /// SHA-256 of `bytes`, as 64 lowercase hex digits.
    public static func sha256Hex(_ bytes: [UInt8]) -> String { hex(digest(bytes, EVP_sha256()), uppercase: false) }

    /// HMAC-SHA1 of `message` under `key`, base64-encoded (the v1 signature).
    public static func hmacSHA1Base64(key: String, message: String) -> String {
        Base64.encode(hmac(EVP_sha1(), key: Array(key.utf8), message: Array(message.utf8)))
    }

    /// HMAC-SHA256 of `message` under `key` (a step of the v4 key chain).
    public static func hmacSHA256(key: [UInt8], message: String) -> [UInt8] {
        hmac(EVP_sha256(), key: key, message: Array(message.utf8))
    }

    /// Lowercase hex of `bytes`.
    public static func hex(_ bytes: [UInt8], uppercase: Bool = false) -> String {
        let digits = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func digest(_ bytes: [UInt8], _ type: OpaquePointer?) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = bytes.withUnsafeBytes { source in
            output.withUnsafeMutableBufferPointer { target in
                EVP_Digest(source.baseAddress, source.count, target.baseAddress, &length, type, nil)
            }
        }
        precondition(status == 1, "EVP_Digest failed")
        return Array(output.prefix(Int(length)))
    }

    private static func hmac(_ type: OpaquePointer?, key: [UInt8], message: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { keyBytes in
            message.withUnsafeBytes { messageBytes in
                output.withUnsafeMutableBufferPointer { target in
                    HMAC(
                        type, keyBytes.baseAddress, Int32(keyBytes.count),
                        messageBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBytes.count,
                        target.baseAddress, &length)
                }
            }
        }
        precondition(result != nil, "HMAC failed")
        return Array(output.prefix(Int(length)))
    }
}
