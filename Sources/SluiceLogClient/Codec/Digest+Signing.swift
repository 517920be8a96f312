import SluiceCore
import SluiceCrypto

extension Digest {
    /// HMAC-SHA1 of `message` under `key`, base64-encoded: the v1 signature.
    ///
    /// - Parameters:
    ///   - key: The access key secret.
    ///   - message: The string to sign.
    /// - Returns: 28 base64 characters.
    public static func hmacSHA1Base64(key: String, message: String) -> String {
        Base64.encode(hmacSHA1(key: Array(key.utf8), message: Array(message.utf8)))
    }

    /// HMAC-SHA256 of the UTF-8 of `message` under `key`: a step of the v4 key chain.
    ///
    /// - Parameters:
    ///   - key: The previous step's key.
    ///   - message: The step's text.
    /// - Returns: 32 bytes.
    public static func hmacSHA256(key: [UInt8], message: String) -> [UInt8] {
        hmacSHA256(key: key, message: Array(message.utf8))
    }
}
