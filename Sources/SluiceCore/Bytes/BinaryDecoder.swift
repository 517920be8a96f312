/// Decodes any `Decodable` value from `BinaryEncoder`'s bytes.
public enum BinaryDecoder {
    /// The value of `type` in `bytes`.
    /// - Throws: `ByteFormatError` for bytes that are not a whole node, `DecodingError` for a
    ///   node that does not fit `type`.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        var reader = ByteReader(bytes)
        let node = try BinaryNode.read(from: &reader)
        try reader.finish("the encoded value")
        return try TreeDecoder.take(type, node, [])
    }
}

struct TreeDecoder: Decoder {
    let node: BinaryNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .keyed(let entries) = node else { throw Self.mismatch("a keyed value", codingPath) }
        return KeyedDecodingContainer(KeyedTreeDecoder<Key>(entries: entries, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .unkeyed(let nodes) = node else { throw Self.mismatch("a list", codingPath) }
        return UnkeyedTreeDecoder(nodes: nodes, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleTreeDecoder(node: node, codingPath: codingPath)
    }

    static func mismatch(_ expected: String, _ codingPath: [any CodingKey]) -> DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: codingPath, debugDescription: "expected \(expected)"))
    }

    /// The value of `type` in `node`: primitives from leaves, anything else through its `init(from:)`.
    static func take<T: Decodable>(_ type: T.Type, _ node: BinaryNode, _ codingPath: [any CodingKey]) throws -> T {
        func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
            switch node {
            case .int(let number): if let value = I(exactly: number) { return value }
            case .uint(let number): if let value = I(exactly: number) { return value }
            default: break
            }
            throw mismatch("an integer that fits \(I.self)", codingPath)
        }
        switch type {
        case is Bool.Type:
            guard case .bool(let flag) = node else { throw mismatch("a boolean", codingPath) }
            return flag as! T
        case is String.Type:
            guard case .string(let text) = node else { throw mismatch("a string", codingPath) }
            return text as! T
        case is Double.Type:
            guard case .double(let number) = node else { throw mismatch("a double", codingPath) }
            return number as! T
        case is Float.Type:
            guard case .double(let number) = node else { throw mismatch("a float", codingPath) }
            return Float(number) as! T
        case is Int.Type: return try integer(Int.self) as! T
        case is Int8.Type: return try integer(Int8.self) as! T
        case is Int16.Type: return try integer(Int16.self) as! T
        case is Int32.Type: return try integer(Int32.self) as! T
        case is Int64.Type: return try integer(Int64.self) as! T
        case is UInt.Type: return try integer(UInt.self) as! T
        case is UInt8.Type: return try integer(UInt8.self) as! T
        case is UInt16.Type: return try integer(UInt16.self) as! T
        case is UInt32.Type: return try integer(UInt32.self) as! T
        case is UInt64.Type: return try integer(UInt64.self) as! T
        default: return try T(from: TreeDecoder(node: node, codingPath: codingPath))
        }
    }
}

struct KeyedTreeDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let values: [String: BinaryNode]
    let allKeys: [Key]
    let codingPath: [any CodingKey]

    init(entries: [(String, BinaryNode)], codingPath: [any CodingKey]) {
        values = Dictionary(entries, uniquingKeysWith: { _, last in last })
        allKeys = entries.compactMap { Key(stringValue: $0.0) }
        self.codingPath = codingPath
    }

    func contains(_ key: Key) -> Bool { values[key.stringValue] != nil }

    func node(_ key: Key) throws -> BinaryNode {
        guard let node = values[key.stringValue] else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: codingPath, debugDescription: "no value"))
        }
        return node
    }

    func decodeNil(forKey key: Key) throws -> Bool { try node(key) == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try TreeDecoder.take(type, node(key), codingPath + [key])
    }

    private func decode<T: Decodable>(_ type: T.Type, at key: Key) throws -> T {
        try TreeDecoder.take(type, node(key), codingPath + [key])
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type as Bool.Type, at: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type as String.Type, at: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type as Double.Type, at: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(type as Float.Type, at: key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type as Int.Type, at: key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(type as Int8.Type, at: key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(type as Int16.Type, at: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(type as Int32.Type, at: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type as Int64.Type, at: key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(type as UInt.Type, at: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(type as UInt8.Type, at: key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(type as UInt16.Type, at: key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(type as UInt32.Type, at: key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(type as UInt64.Type, at: key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try TreeDecoder(node: node(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(node: node(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { TreeDecoder(node: values["super"] ?? .null, codingPath: codingPath) }

    func superDecoder(forKey key: Key) throws -> any Decoder { TreeDecoder(node: try node(key), codingPath: codingPath + [key]) }
}

struct UnkeyedTreeDecoder: UnkeyedDecodingContainer {
    let nodes: [BinaryNode]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(nodes: [BinaryNode], codingPath: [any CodingKey]) {
        self.nodes = nodes
        self.codingPath = codingPath
    }

    var count: Int? { nodes.count }
    var isAtEnd: Bool { currentIndex >= nodes.count }

    private mutating func take() throws -> BinaryNode {
        guard !isAtEnd else { throw TreeDecoder.mismatch("another element of the list", codingPath) }
        defer { currentIndex += 1 }
        return nodes[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, nodes[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(type) }

    private mutating func next<T: Decodable>(_ type: T.Type) throws -> T { try TreeDecoder.take(type, take(), codingPath) }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type) }
    mutating func decode(_ type: String.Type) throws -> String { try next(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(node: take(), codingPath: codingPath).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(node: take(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { TreeDecoder(node: try take(), codingPath: codingPath) }
}

struct SingleTreeDecoder: SingleValueDecodingContainer {
    let node: BinaryNode
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { node == .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try TreeDecoder.take(type, node, codingPath) }

    func decode(_ type: Bool.Type) throws -> Bool { try TreeDecoder.take(type, node, codingPath) }
    func decode(_ type: String.Type) throws -> String { try TreeDecoder.take(type, node, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try TreeDecoder.take(type, node, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try TreeDecoder.take(type, node, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try TreeDecoder.take(type, node, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try TreeDecoder.take(type, node, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try TreeDecoder.take(type, node, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try TreeDecoder.take(type, node, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try TreeDecoder.take(type, node, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try TreeDecoder.take(type, node, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try TreeDecoder.take(type, node, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try TreeDecoder.take(type, node, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try TreeDecoder.take(type, node, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try TreeDecoder.take(type, node, codingPath) }
}
