import SluiceCore

/// The binary encoding of `ClusterMessage`: one message is one ZeroMQ frame, followed, for a
/// `TaskResult`, by the frame of its partial result.
///
/// A frame is the magic `"SLC"`, the encoding version byte (`version`), the message type byte,
/// then the message's fields in declaration order: fixed-width little-endian integers, doubles
/// as IEEE 754 bits, booleans as one byte 0 or 1, strings (UTF-8) and byte arrays as a varint
/// length and the bytes, lists as a varint count and the elements, dictionaries as a varint
/// count and key/value pairs in ascending order of the keys' UTF-8 bytes. Every message has
/// exactly one encoding. A `TaskResult`'s frame is its header (key, time, the partial's size);
/// the partial's bytes are the next frame as they are, which the codec never reads or copies: it
/// is told the sizes of the frames after a message's, and checks them (`payloadFrameBytes`).
/// `docs/protocol.md` lists the fields of each message.
public enum MessageCodec {
    /// The largest message accepted or sent, its frames together: 256 MiB.
    public static let maxMessageBytes = 256 * 1024 * 1024
    /// The largest frame the driver's socket takes from any peer, executors included: 32 MiB
    /// (ZMQ_MAXMSGSIZE). libzmq applies it to each frame and to the handshake's commands too and
    /// checks a frame's length before it allocates, so a peer that has not authenticated cannot
    /// make the driver hold more; a peer that sends a larger frame is disconnected. Executors fail
    /// a task whose result's two frames together would exceed it.
    public static let maxToDriverMessageBytes = 32 * 1024 * 1024
    /// The most bytes a `TaskResult`'s frame has besides its query id: the header, the rest of
    /// the key, the query id's length, the time and the partial's size.
    public static let taskResultOverheadBytesMax = 64
    /// The encoding version this build writes. Version 3 sends a task result's partial as a
    /// frame of its own; version 2 sent it inside the `TaskResult` frame.
    public static let version: UInt8 = 3
    /// The encoding versions this build reads.
    public static let understoodVersions: [UInt8] = [3]
    /// The first bytes of every frame: `"SLC"`.
    public static let magic: [UInt8] = Array("SLC".utf8)

    /// Encodes a message as a frame (for a `TaskResult`, its header: the partial's frame follows it).
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

    /// The most bytes a task result's two frames take together: what an executor checks against
    /// `maxToDriverMessageBytes` before it sends one.
    ///
    /// - Parameter result: The result's header.
    /// - Returns: The partial's size, the query id's and `taskResultOverheadBytesMax`.
    public static func taskResultBytesMax(_ result: TaskResult) -> Int {
        result.partialBytes + result.key.queryId.utf8.count + taskResultOverheadBytesMax
    }

    /// Decodes a message that is one frame alone.
    ///
    /// - Parameter bytes: The frame.
    /// - Returns: The message.
    /// - Throws: `ClusterProtocolError` as `decode(_:payloadFrameBytes:)`; a `TaskResult`,
    ///   which needs its partial's frame, fails.
    public static func decode(_ bytes: [UInt8]) throws(ClusterProtocolError) -> ClusterMessage {
        try decode(bytes, payloadFrameBytes: [], limit: maxMessageBytes)
    }

    /// Decodes a message's frame, given the sizes of the frames that came after it in the same
    /// ZeroMQ message, which are checked and never read: a `TaskResult` must be followed by
    /// exactly one frame of its `partialBytes`, any other message by none.
    ///
    /// - Parameters:
    ///   - bytes: The message's frame.
    ///   - payloadFrameBytes: The sizes of the frames after it, in order.
    /// - Returns: The message.
    /// - Throws: `ClusterProtocolError` when the frames together exceed `maxMessageBytes`, the
    ///   frame has the wrong magic, an encoding version this build does not understand or an
    ///   unknown type, is truncated, has trailing bytes, a length or count past its end, a
    ///   varint that overflows or is not in shortest form, a boolean other than 0 or 1, invalid
    ///   UTF-8, or dictionary keys out of order; or when the frames after it are missing, too
    ///   many, or not of the size the message announces.
    public static func decode(_ bytes: [UInt8], payloadFrameBytes: [Int]) throws(ClusterProtocolError) -> ClusterMessage {
        try decode(bytes, payloadFrameBytes: payloadFrameBytes, limit: maxMessageBytes)
    }

    /// Decodes a message whose frames together are no larger than `limit` bytes (tests use a
    /// small limit).
    static func decode(_ bytes: [UInt8], payloadFrameBytes: [Int] = [], limit: Int) throws(ClusterProtocolError)
        -> ClusterMessage
    {
        let total = payloadFrameBytes.reduce(bytes.count) { $0 + max($1, 0) }
        guard total <= limit else {
            throw ClusterProtocolError("cluster message of \(total) bytes exceeds the limit of \(limit) bytes")
        }
        for (index, expected) in magic.enumerated() where index < bytes.count && bytes[index] != expected {
            let seen = bytes.prefix(magic.count).map { "0x" + String($0, radix: 16, uppercase: true) }
            throw ClusterProtocolError(
                "not a sluice cluster message: expected magic \"SLC\", got \(seen.joined(separator: " "))")
        }
        let message: ClusterMessage
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
            message = try reader.message(of: type)
            try reader.finish(type.name)
        } catch {
            throw ClusterProtocolError(error.message)
        }
        try checkPayloadFrames(of: message, payloadFrameBytes)
        return message
    }

    /// Checks that the frames after a message's are the ones it announces.
    private static func checkPayloadFrames(of message: ClusterMessage, _ sizes: [Int]) throws(ClusterProtocolError) {
        let expected = message.payloadFrameBytes
        let name = message.typeName
        guard case .taskResult(let result) = message else {
            guard sizes.isEmpty else {
                throw ClusterProtocolError("\(name) with \(sizes.count + 1) frames instead of 1")
            }
            return
        }
        guard !sizes.isEmpty else {
            throw ClusterProtocolError(
                "\(name) without its partial's frame: a \(name) is 2 frames, the message and then its partial")
        }
        guard sizes.count == expected.count else {
            throw ClusterProtocolError(
                "\(name) with \(sizes.count + 1) frames instead of 2 (the message and then its partial)")
        }
        guard sizes == expected else {
            throw ClusterProtocolError(
                "\(name) announces a partial of \(result.partialBytes) bytes, but the frame after it has \(sizes[0])")
        }
    }

    /// A lower bound of the payload bytes, to size the buffer once.
    private static func payloadBytes(_ message: ClusterMessage) -> Int {
        switch message {
        case .startQuery(let query): query.plan.count
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

    /// The sizes in bytes of the frames that follow the message's own in one ZeroMQ message: a
    /// `TaskResult`'s partial, none for the others.
    public var payloadFrameBytes: [Int] {
        if case .taskResult(let result) = self { return [result.partialBytes] }
        return []
    }
}
