import SluiceCluster
import Testing

@Suite struct RegistrationSecretTests {
    @Test func proofIsBoundToSecretAndExecutor() {
        let secret = Array("s3cret".utf8)
        let proof = RegistrationSecret.proof(secret: secret, executorId: "e1")
        #expect(proof == SHA256.hash(secret + Array("e1".utf8) + Array("sluice-register-v1".utf8)))
        #expect(proof.count == 32)
        #expect(RegistrationSecret.verify(proof: proof, secret: secret, executorId: "e1"))
        #expect(!RegistrationSecret.verify(proof: proof, secret: secret, executorId: "e2"))
        #expect(!RegistrationSecret.verify(proof: proof, secret: Array("s3creT".utf8), executorId: "e1"))
        #expect(!RegistrationSecret.verify(proof: Array(proof.dropLast()), secret: secret, executorId: "e1"))
        #expect(!RegistrationSecret.verify(proof: [], secret: secret, executorId: "e1"))
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
