import CCrypto

/// MD5, SHA-256 and HMAC over OpenSSL's libcrypto: the one place a digest is computed.
///
/// Every call goes through `digest(_:_:)` or `hmac(_:key:message:)`; libcrypto fails these
/// only on misuse or allocation failure, so a failure is a precondition, not an error.
public enum Digest {
    /// MD5 of `bytes` (the `Content-MD5` header, a 128-bit shard hash key).
    ///
    /// - Parameter bytes: The message.
    /// - Returns: 16 bytes.
    public static func md5(_ bytes: [UInt8]) -> [UInt8] { digest(bytes, EVP_md5()) }

    /// MD5 of `bytes`, as 32 uppercase hex digits (the `Content-MD5` header's form).
    ///
    /// - Parameter bytes: The message.
    /// - Returns: 32 characters.
    public static func md5Hex(_ bytes: [UInt8]) -> String { hex(md5(bytes), uppercase: true) }

    /// SHA-256 of `bytes`.
    ///
    /// - Parameter bytes: The message.
    /// - Returns: 32 bytes.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] { digest(bytes, EVP_sha256()) }

    /// SHA-256 of `bytes`, as 64 lowercase hex digits.
    ///
    /// - Parameter bytes: The message.
    /// - Returns: 64 characters.
    public static func sha256Hex(_ bytes: [UInt8]) -> String { hex(sha256(bytes)) }

    /// HMAC-SHA1 of `message` under `key`.
    ///
    /// - Parameters:
    ///   - key: The key, any length.
    ///   - message: The message.
    /// - Returns: 20 bytes.
    public static func hmacSHA1(key: [UInt8], message: [UInt8]) -> [UInt8] {
        hmac(EVP_sha1(), key: key, message: message)
    }

    /// HMAC-SHA256 of `message` under `key`.
    ///
    /// - Parameters:
    ///   - key: The key, any length.
    ///   - message: The message.
    /// - Returns: 32 bytes.
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        hmac(EVP_sha256(), key: key, message: message)
    }

    /// Hex of `bytes`, two digits a byte.
    ///
    /// - Parameters:
    ///   - bytes: Any bytes.
    ///   - uppercase: `A-F` rather than `a-f`.
    /// - Returns: `2 * bytes.count` characters.
    public static func hex(_ bytes: [UInt8], uppercase: Bool = false) -> String {
        String(decoding: hexBytes(bytes, uppercase: uppercase), as: UTF8.self)
    }

    /// Hex of `bytes` as ASCII bytes, two digits a byte.
    ///
    /// - Parameters:
    ///   - bytes: Any bytes.
    ///   - uppercase: `A-F` rather than `a-f`.
    /// - Returns: `2 * bytes.count` ASCII bytes.
    public static func hexBytes(_ bytes: [UInt8], uppercase: Bool = false) -> [UInt8] {
        let digits = uppercase ? upperDigits : lowerDigits
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return out
    }

    private static let lowerDigits = Array("0123456789abcdef".utf8)
    private static let upperDigits = Array("0123456789ABCDEF".utf8)

    private static func digest(_ bytes: [UInt8], _ type: OpaquePointer?) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = bytes.withUnsafeBytes { source in
            output.withUnsafeMutableBufferPointer { target in
                EVP_Digest(source.baseAddress, source.count, target.baseAddress, &length, type, nil)
            }
        }
        precondition(status == 1, "EVP_Digest failed on \(bytes.count) bytes")
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
        precondition(result != nil, "HMAC failed: key \(key.count) bytes, message \(message.count) bytes")
        return Array(output.prefix(Int(length)))
    }
}
