import SluiceCrypto

/// The shared-secret proof an executor presents in `Register.secretProof`.
///
/// `proof = SHA-256(secret ‖ UTF-8(executorId) ‖ "sluice-register-v1")`. The secret never
/// crosses the wire; the proof is bound to one executor id, but it is the same on every
/// registration, so it keeps out executors that lack the secret, not an eavesdropper who can
/// replay it (see `docs/protocol.md`).
public enum RegistrationSecret {
    /// The label appended to every proof, naming its purpose and version.
    public static let label = "sluice-register-v1"

    /// The proof for `executorId` under `secret`.
    ///
    /// - Parameters:
    ///   - secret: The shared secret's bytes.
    ///   - executorId: The registering executor's id.
    /// - Returns: The 32-byte proof.
    public static func proof(secret: [UInt8], executorId: String) -> [UInt8] {
        Digest.sha256(secret + Array(executorId.utf8) + Array(label.utf8))
    }

    /// Whether `proof` is the proof for `executorId` under `secret`, compared in constant time.
    ///
    /// - Parameters:
    ///   - proof: The proof received.
    ///   - secret: The shared secret's bytes.
    ///   - executorId: The executor id the proof claims.
    /// - Returns: `true` when the proof is right.
    public static func verify(proof: [UInt8], secret: [UInt8], executorId: String) -> Bool {
        constantTimeEquals(proof, self.proof(secret: secret, executorId: executorId))
    }

    /// Compares two byte arrays in time that depends on their lengths only, not on where
    /// they differ.
    ///
    /// - Parameters:
    ///   - received: The bytes received.
    ///   - expected: The bytes expected.
    /// - Returns: `true` when both are equal.
    public static func constantTimeEquals(_ received: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference: UInt8 = received.count == expected.count ? 0 : 1
        for index in 0..<expected.count {
            let byte = index < received.count ? received[index] : ~expected[index]
            difference |= byte ^ expected[index]
        }
        return difference == 0
    }

    /// The label of the handshake password, naming its purpose and version.
    public static let handshakeLabel = "sluice-zap-plain-v1"

    /// The password an executor presents in the ZeroMQ PLAIN handshake, which the driver's ZAP
    /// handler checks before any frame of the peer reaches the driver:
    /// `hex(SHA-256(secret ‖ "sluice-zap-plain-v1"))`, 64 characters whatever the secret's length
    /// (PLAIN takes at most 255), so the secret itself never crosses the wire.
    public static func handshakePassword(secret: [UInt8]) -> [UInt8] {
        Digest.hexBytes(Digest.sha256(secret + Array(handshakeLabel.utf8)))
    }
}
