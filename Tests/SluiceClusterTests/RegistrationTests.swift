import SluiceCluster
import Testing

@Suite struct RegistrationSecretTests {
    @Test func proofIsBoundToSecretAndExecutor() {
        let secret = Array("s3cret".utf8)
        let proof = RegistrationSecret.proof(secret: secret, executorId: "e1")
        // sha256sum of "s3crete1sluice-register-v1".
        #expect(
            proof.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
                == "0543ab4a2bb5ede0727b255764e6d6f7bbf3fc2843e9823b27a47410ec3ff19c")
        #expect(proof.count == 32)
        #expect(RegistrationSecret.verify(proof: proof, secret: secret, executorId: "e1"))
        #expect(!RegistrationSecret.verify(proof: proof, secret: secret, executorId: "e2"))
        #expect(!RegistrationSecret.verify(proof: proof, secret: Array("s3creT".utf8), executorId: "e1"))
        #expect(!RegistrationSecret.verify(proof: Array(proof.dropLast()), secret: secret, executorId: "e1"))
        #expect(!RegistrationSecret.verify(proof: [], secret: secret, executorId: "e1"))
    }

    @Test func handshakePasswordIsTheHexDigestOfTheSecret() {
        // sha256sum of "s3cretsluice-zap-plain-v1".
        let password = RegistrationSecret.handshakePassword(secret: Array("s3cret".utf8))
        #expect(
            String(decoding: password, as: UTF8.self) == "0beab1f730f0bee00a93124b27c19015f2b028d5f8bad4b6cf7732261dcb0744")
    }

    @Test func constantTimeEquality() {
        #expect(RegistrationSecret.constantTimeEquals([], []))
        #expect(RegistrationSecret.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!RegistrationSecret.constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!RegistrationSecret.constantTimeEquals([0, 2, 3], [1, 2, 3]))
        #expect(!RegistrationSecret.constantTimeEquals([1, 2], [1, 2, 3]))
        #expect(!RegistrationSecret.constantTimeEquals([1, 2, 3, 4], [1, 2, 3]))
        #expect(!RegistrationSecret.constantTimeEquals([], [0]))
        #expect(!RegistrationSecret.constantTimeEquals([0], []))
    }
}

@Suite struct RegistrationGateTests {
    let secret = Array("s3cret".utf8)
    var gate: RegistrationGate {
        RegistrationGate(secret: secret, heartbeatIntervalMillis: 500, heartbeatTimeoutMillis: 4000)
    }

    func register(_ id: String = "e1", secret: [UInt8]? = nil, version: UInt16 = 1, cores: Int = 2) -> Register {
        Register(
            protocolVersion: version, executorId: id, host: "h", pid: 42, cores: cores, memoryLimitBytes: 1 << 30,
            secretProof: RegistrationSecret.proof(secret: secret ?? self.secret, executorId: id))
    }

    /// The refusal reason, or `nil` when registered.
    func refusal(_ register: Register, routingId: String? = nil) -> String? {
        let expected = Registered(
            executorId: register.executorId, heartbeatIntervalMillis: 500, heartbeatTimeoutMillis: 4000)
        switch gate.answer(register, routingId: Array((routingId ?? register.executorId).utf8)) {
        case .refused(let reason):
            return reason
        case .registered(let registered):
            return registered == expected ? nil : "unexpected \(registered)"
        default:
            return "unexpected answer"
        }
    }

    @Test func acceptsTheRightSecret() {
        #expect(refusal(register()) == nil)
    }

    @Test func refusesWrongSecretVersionRoutingIdAndCores() {
        #expect(refusal(register(secret: Array("guess".utf8)))?.contains("wrong secret") == true)
        #expect(refusal(register(version: 2))?.contains("protocol version 2") == true)
        #expect(refusal(register(), routingId: "e2")?.contains("routing id") == true)
        #expect(refusal(register(cores: 0))?.contains("0 cores") == true)
        #expect(refusal(register(""))?.contains("1 to 255 bytes") == true)
        #expect(refusal(register(String(repeating: "x", count: 256)))?.contains("1 to 255 bytes") == true)
    }
}
