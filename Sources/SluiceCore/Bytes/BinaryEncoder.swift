/// Encodes any `Encodable` value in a compact binary form (`BinaryNode`'s bytes), for values
/// that cross processes once and whose types already say how they encode: the executor plan.
/// `BinaryDecoder` reads it back.
public enum BinaryEncoder {
    /// The bytes of `value`.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        var writer = ByteWriter()
        try node(value).write(to: &writer)
        return writer.bytes
    }

    /// The tree of `value`.
    public static func node<T: Encodable>(_ value: T) throws -> BinaryNode {
        let slot = NodeSlot()
        try value.encode(to: TreeEncoder(slot: slot, codingPath: []))
        return slot.node
    }
}

/// Where an encoder or container puts what it encodes; children are slots of their own, filled
/// in as they are encoded, so nested containers may be taken in any order.
final class NodeSlot {
    enum Content {
        case leaf(BinaryNode)
        case keyed([(String, NodeSlot)])
        case unkeyed([NodeSlot])
    }

    var content: Content = .leaf(.null)

    var node: BinaryNode {
        switch content {
        case .leaf(let node): node
        case .keyed(let entries): .keyed(entries.map { ($0.0, $0.1.node) })
        case .unkeyed(let slots): .unkeyed(slots.map(\.node))
        }
    }

    /// A new child under `key` (a keyed node is made of this slot first).
    func child(_ key: String) -> NodeSlot {
        let slot = NodeSlot()
        if case .keyed(var entries) = content {
            entries.append((key, slot))
            content = .keyed(entries)
        } else {
            content = .keyed([(key, slot)])
        }
        return slot
    }

    /// A new last element (an unkeyed node is made of this slot first).
    func append() -> NodeSlot {
        let slot = NodeSlot()
        if case .unkeyed(var slots) = content {
            slots.append(slot)
            content = .unkeyed(slots)
        } else {
            content = .unkeyed([slot])
        }
        return slot
    }

    var elementCount: Int {
        if case .unkeyed(let slots) = content { return slots.count }
        return 0
    }

    func makeKeyed() { if case .keyed = content {} else { content = .keyed([]) } }
    func makeUnkeyed() { if case .unkeyed = content {} else { content = .unkeyed([]) } }

    /// Fills the slot with `value`: primitives as leaves, anything else through its `encode(to:)`.
    func put<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        switch value {
        case let flag as Bool: content = .leaf(.bool(flag))
        case let text as String: content = .leaf(.string(text))
        case let number as Double: content = .leaf(.double(number))
        case let number as Float: content = .leaf(.double(Double(number)))
        case let number as Int: content = .leaf(.int(Int64(number)))
        case let number as Int8: content = .leaf(.int(Int64(number)))
        case let number as Int16: content = .leaf(.int(Int64(number)))
        case let number as Int32: content = .leaf(.int(Int64(number)))
        case let number as Int64: content = .leaf(.int(number))
        case let number as UInt: content = .leaf(.uint(UInt64(number)))
        case let number as UInt8: content = .leaf(.uint(UInt64(number)))
        case let number as UInt16: content = .leaf(.uint(UInt64(number)))
        case let number as UInt32: content = .leaf(.uint(UInt64(number)))
        case let number as UInt64: content = .leaf(.uint(number))
        default: try value.encode(to: TreeEncoder(slot: self, codingPath: codingPath))
        }
    }
}

struct TreeEncoder: Encoder {
    let slot: NodeSlot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        slot.makeKeyed()
        return KeyedEncodingContainer(KeyedTreeEncoder<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        slot.makeUnkeyed()
        return UnkeyedTreeEncoder(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleTreeEncoder(slot: slot, codingPath: codingPath)
    }
}

struct KeyedTreeEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: NodeSlot
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { slot.child(key.stringValue).content = .leaf(.null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try slot.child(key.stringValue).put(value, codingPath: codingPath + [key])
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws { try encode(value as Bool?, orNilFor: key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try encode(value as String?, orNilFor: key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try encode(value as Double?, orNilFor: key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try encode(value as Float?, orNilFor: key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try encode(value as Int?, orNilFor: key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try encode(value as Int8?, orNilFor: key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encode(value as Int16?, orNilFor: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encode(value as Int32?, orNilFor: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try encode(value as Int64?, orNilFor: key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encode(value as UInt?, orNilFor: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encode(value as UInt8?, orNilFor: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encode(value as UInt16?, orNilFor: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encode(value as UInt32?, orNilFor: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encode(value as UInt64?, orNilFor: key) }

    private mutating func encode<T: Encodable>(_ value: T?, orNilFor key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try slot.child(key.stringValue).put(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = slot.child(key.stringValue)
        child.makeKeyed()
        return KeyedEncodingContainer(KeyedTreeEncoder<NestedKey>(slot: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = slot.child(key.stringValue)
        child.makeUnkeyed()
        return UnkeyedTreeEncoder(slot: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(slot: slot.child("super"), codingPath: codingPath) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(slot: slot.child(key.stringValue), codingPath: codingPath + [key])
    }
}

struct UnkeyedTreeEncoder: UnkeyedEncodingContainer {
    let slot: NodeSlot
    let codingPath: [any CodingKey]
    var count: Int { slot.elementCount }

    mutating func encodeNil() throws { slot.append().content = .leaf(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws { try slot.append().put(value, codingPath: codingPath) }
    mutating func encode(_ value: Bool) throws { try slot.append().put(value, codingPath: codingPath) }
    mutating func encode(_ value: String) throws { try slot.append().put(value, codingPath: codingPath) }
    mutating func encode(_ value: Double) throws { try slot.append().put(value, codingPath: codingPath) }
    mutating func encode(_ value: Float) throws { try slot.append().put(value, codingPath: codingPath) }
    mutating func encode(_ value: Int) throws { try slot.append().put(value, codingPath: codingPath) }
    mutating func encode(_ value: Int8) throws { try slot.append().put(value, codingPath: codingPath) }
    mutating func encode(_ value: Int16) throws { try slot.append().put(value, codingPath: codingPath) }
    mutating func encode(_ value: Int32) throws { try slot.append().put(value, codingPath: codingPath) }
    mutating func encode(_ value: Int64) throws { try slot.append().put(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt) throws { try slot.append().put(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt8) throws { try slot.append().put(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt16) throws { try slot.append().put(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt32) throws { try slot.append().put(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt64) throws { try slot.append().put(value, codingPath: codingPath) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = slot.append()
        child.makeKeyed()
        return KeyedEncodingContainer(KeyedTreeEncoder<NestedKey>(slot: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = slot.append()
        child.makeUnkeyed()
        return UnkeyedTreeEncoder(slot: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(slot: slot.append(), codingPath: codingPath) }
}

struct SingleTreeEncoder: SingleValueEncodingContainer {
    let slot: NodeSlot
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.content = .leaf(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws { try slot.put(value, codingPath: codingPath) }
    mutating func encode(_ value: Bool) throws { try slot.put(value, codingPath: codingPath) }
    mutating func encode(_ value: String) throws { try slot.put(value, codingPath: codingPath) }
    mutating func encode(_ value: Double) throws { try slot.put(value, codingPath: codingPath) }
    mutating func encode(_ value: Float) throws { try slot.put(value, codingPath: codingPath) }
    mutating func encode(_ value: Int) throws { try slot.put(value, codingPath: codingPath) }
    mutating func encode(_ value: Int8) throws { try slot.put(value, codingPath: codingPath) }
    mutating func encode(_ value: Int16) throws { try slot.put(value, codingPath: codingPath) }
    mutating func encode(_ value: Int32) throws { try slot.put(value, codingPath: codingPath) }
    mutating func encode(_ value: Int64) throws { try slot.put(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt) throws { try slot.put(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt8) throws { try slot.put(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt16) throws { try slot.put(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt32) throws { try slot.put(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt64) throws { try slot.put(value, codingPath: codingPath) }
}
