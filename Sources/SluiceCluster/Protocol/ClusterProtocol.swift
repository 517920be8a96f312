/// Constants shared by the driver and the executors.
public enum ClusterProtocol {
    /// The protocol version an executor announces in `Register.protocolVersion`; the driver
    /// refuses any other. It changes when the meaning of a message changes.
    public static let version: UInt16 = 1
}
