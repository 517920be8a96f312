/// The driver's answer to a `Register`: `Registered` when the executor speaks this protocol
/// version, proves the shared secret and describes itself sensibly, `Refused` otherwise.
///
/// A registered executor is then reported to `DriverScheduler` as `executorRegistered`.
public struct RegistrationGate: Sendable {
    /// The shared secret's bytes. An empty secret authenticates nothing.
    private let secret: [UInt8]
    /// The heartbeat interval announced to executors, in milliseconds.
    public let heartbeatIntervalMillis: Int64
    /// The heartbeat timeout announced to executors, in milliseconds.
    public let heartbeatTimeoutMillis: Int64

    /// The longest executor id: a ZeroMQ routing id has at most 255 bytes.
    public static let maxExecutorIdBytes = 255

    /// Creates a gate.
    ///
    /// - Parameters:
    ///   - secret: The shared secret's bytes.
    ///   - heartbeatIntervalMillis: The heartbeat interval to announce.
    ///   - heartbeatTimeoutMillis: The heartbeat timeout to announce.
    public init(secret: [UInt8], heartbeatIntervalMillis: Int64, heartbeatTimeoutMillis: Int64) {
        self.secret = secret
        self.heartbeatIntervalMillis = heartbeatIntervalMillis
        self.heartbeatTimeoutMillis = heartbeatTimeoutMillis
    }

    /// Answers a registration.
    ///
    /// - Parameters:
    ///   - register: The registration.
    ///   - routingId: The ROUTER routing id the registration arrived from; it must be the
    ///     executor id's UTF-8.
    /// - Returns: `.registered` or `.refused(reason:)`, to send back to `routingId`.
    public func answer(_ register: Register, routingId: [UInt8]) -> ClusterMessage {
        if let reason = refusal(of: register, routingId: routingId) {
            return .refused(reason: reason)
        }
        return .registered(
            Registered(
                executorId: register.executorId, heartbeatIntervalMillis: heartbeatIntervalMillis,
                heartbeatTimeoutMillis: heartbeatTimeoutMillis))
    }

    /// Why `register` is refused, or `nil` when it is accepted. The secret is checked before
    /// anything but the version, so a peer without it learns nothing more.
    private func refusal(of register: Register, routingId: [UInt8]) -> String? {
        guard register.protocolVersion == ClusterProtocol.version else {
            return "protocol version \(register.protocolVersion) is not supported "
                + "(the driver speaks version \(ClusterProtocol.version))"
        }
        guard RegistrationSecret.verify(proof: register.secretProof, secret: secret, executorId: register.executorId)
        else {
            return "wrong secret proof for executor \(register.executorId): check the cluster's secret file"
        }
        let id = Array(register.executorId.utf8)
        guard !id.isEmpty, id.count <= Self.maxExecutorIdBytes, id.first != 0 else {
            return "executor id must be 1 to \(Self.maxExecutorIdBytes) bytes and must not start with a zero byte"
        }
        guard id == routingId else {
            return "executor id \(register.executorId) differs from the socket's routing id"
        }
        guard register.cores >= 1 else {
            return "executor \(register.executorId) has \(register.cores) cores; at least 1 is needed"
        }
        return nil
    }
}
