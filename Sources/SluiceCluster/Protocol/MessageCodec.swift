import SluiceCore

/// The binary encoding of `ClusterMessage`: one message is one ZeroMQ frame.
///
/// A frame is the magic `"SLC"`, the encoding version byte (`version`), the message type byte,
/// then the message's fields in declaration order: fixed-width little-endian integers, doubles
/// as IEEE 754 bits, booleans as one byte 0 or 1, strings (UTF-8) and byte arrays as a varint
/// length and the bytes, lists as a varint count and the elements, dictionaries as a varint
/// count and key/value pairs in ascending order of the keys' UTF-8 bytes. Every message has
/// exactly one encoding. `docs/protocol.md` lists the fields of each message.
public enum MessageCodec {
    /// The largest frame accepted or sent: 256 MiB.
    public static let maxMessageBytes = 256 * 1024 * 1024
    /// The largest frame the driver's socket takes from any peer, executors included: 32 MiB
    /// (ZMQ_MAXMSGSIZE). libzmq applies it to the handshake's commands too and checks a frame's
    /// length before it allocates, so a peer that has not authenticated cannot make the driver
    /// hold more; a peer that sends a larger frame is disconnected. Executors fail a task whose
    /// result would exceed it.
    public static let maxToDriverMessageBytes = 32 * 1024 * 1024
    /// The most bytes a `TaskResult` frame has besides its partial and its query id: the header,
    /// the rest of the key, the lengths and the time.
    public static let taskResultOverheadBytesMax = 64
    /// The encoding version this build writes.
    public static let version: UInt8 = 2
    /// The encoding versions this build reads.
    public static let understoodVersions: [UInt8] = [2]
    /// The first bytes of every frame: `"SLC"`.
    public static let magic: [UInt8] = Array("SLC".utf8)

    /// Encodes a message as a frame.
    ///
    /// The result may exceed `maxMessageBytes` when a payload is huge; senders that cannot
    /// rule that out use `encodeWithinLimit(_:)`.
    ///
    /// - Parameter message: The message.
    /// - Returns: The frame.
    public static func encode(_ message: ClusterMessage) -> [UInt8] {
        var writer = ByteWriter(capacity: 64 + payloadBytes(message))
        for byte in magic { writer.u8(byte) }
        writer.u8(version)
        writer.u8(MessageType(message).rawValue)
        writer.fields(of: message)
        return writer.bytes
    }

    /// Encodes a message, refusing a frame larger than `maxMessageBytes`.
    ///
    /// - Parameter message: The message.
    /// - Returns: The frame.
    /// - Throws: `ClusterProtocolError` when the frame would exceed the limit.
    public static func encodeWithinLimit(_ message: ClusterMessage) throws(ClusterProtocolError) -> [UInt8] {
        let frame = encode(message)
        guard frame.count <= maxMessageBytes else {
            throw ClusterProtocolError(
                "\(MessageType(message).name) of \(frame.count) bytes exceeds the limit of \(maxMessageBytes) bytes")
        }
        return frame
    }

    /// Decodes a frame.
    ///
    /// - Parameter bytes: The frame.
    /// - Returns: The message.
    /// - Throws: `ClusterProtocolError` when the frame exceeds `maxMessageBytes`, has the
    ///   wrong magic, an encoding version this build does not understand or an unknown type,
    ///   is truncated, has trailing bytes, a length or count past its end, a varint that
    ///   overflows or is not in shortest form, a boolean other than 0 or 1, invalid UTF-8, or
    ///   dictionary keys out of order.
    public static func decode(_ bytes: [UInt8]) throws(ClusterProtocolError) -> ClusterMessage {
        try decode(bytes, limit: maxMessageBytes)
    }

    /// Decodes a frame no larger than `limit` bytes (tests use a small limit).
    static func decode(_ bytes: [UInt8], limit: Int) throws(ClusterProtocolError) -> ClusterMessage {
        guard bytes.count <= limit else {
            throw ClusterProtocolError("cluster message of \(bytes.count) bytes exceeds the limit of \(limit) bytes")
        }
        for (index, expected) in magic.enumerated() where index < bytes.count && bytes[index] != expected {
            let seen = bytes.prefix(magic.count).map { "0x" + String($0, radix: 16, uppercase: true) }
            throw ClusterProtocolError(
                "not a sluice cluster message: expected magic \"SLC\", got \(seen.joined(separator: " "))")
        }
        do throws(ByteFormatError) {
            var reader = ByteReader(bytes)
            for _ in magic { _ = try reader.u8("frame magic") }
            let frameVersion = try reader.u8("frame version")
            guard understoodVersions.contains(frameVersion) else {
                let understood = understoodVersions.map { String($0) }.joined(separator: ", ")
                throw ByteFormatError(
                    "cluster message encoding version \(frameVersion) is not understood "
                        + "(this build understands version \(understood))")
            }
            let typeByte = try reader.u8("message type")
            guard let type = MessageType(rawValue: typeByte) else {
                throw ByteFormatError("unknown cluster message type \(typeByte)")
            }
            let message = try reader.message(of: type)
            try reader.finish(type.name)
            return message
        } catch {
            throw ClusterProtocolError(error.message)
        }
    }

    /// A lower bound of the payload bytes, to size the buffer once.
    private static func payloadBytes(_ message: ClusterMessage) -> Int {
        switch message {
        case .startQuery(let query): query.plan.count
        case .taskResult(let result): result.partial.count
        default: 0
        }
    }
}

/// The type byte of each message.
enum MessageType: UInt8, CaseIterable {
    case register = 1
    case registered = 2
    case refused = 3
    case startQuery = 4
    case heartbeat = 5
    case launchTask = 6
    case taskResult = 7
    case taskFailed = 8
    case cancelTask = 9
    case shutdown = 10

    /// The type of `message`.
    init(_ message: ClusterMessage) {
        switch message {
        case .register: self = .register
        case .registered: self = .registered
        case .refused: self = .refused
        case .startQuery: self = .startQuery
        case .heartbeat: self = .heartbeat
        case .launchTask: self = .launchTask
        case .taskResult: self = .taskResult
        case .taskFailed: self = .taskFailed
        case .cancelTask: self = .cancelTask
        case .shutdown: self = .shutdown
        }
    }

    /// The message's name in errors and `docs/protocol.md`.
    var name: String {
        switch self {
        case .register: "Register"
        case .registered: "Registered"
        case .refused: "Refused"
        case .startQuery: "StartQuery"
        case .heartbeat: "Heartbeat"
        case .launchTask: "LaunchTask"
        case .taskResult: "TaskResult"
        case .taskFailed: "TaskFailed"
        case .cancelTask: "CancelTask"
        case .shutdown: "Shutdown"
        }
    }
}

extension ClusterMessage {
    /// The message's name, as `docs/protocol.md` lists it ("Register", "TaskResult"…).
    public var typeName: String { MessageType(self).name }
}
