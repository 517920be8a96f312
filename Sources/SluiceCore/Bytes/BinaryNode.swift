/// The tree `BinaryEncoder` builds from a `Codable` value and `BinaryDecoder` reads it from:
/// leaves of primitive values, keyed nodes (structs, enum cases) and unkeyed nodes (arrays).
///
/// Its bytes, written with `ByteWriter`: a tag byte, then 0 nil; 1 false; 2 true; 3 a signed
/// integer (i64); 4 an unsigned integer (varint); 5 a double (its bits); 6 a string; 7 a keyed
/// node (a count, then each key's string and node, in the order encoded); 8 an unkeyed node (a
/// count, then the nodes).
public indirect enum BinaryNode: Sendable, Equatable {
    /// Nil (an absent optional).
    case null
    /// A boolean.
    case bool(Bool)
    /// A signed integer of any width.
    case int(Int64)
    /// An unsigned integer of any width.
    case uint(UInt64)
    /// A floating-point number.
    case double(Double)
    /// A string.
    case string(String)
    /// A struct or an enum case: its keys and their nodes, in the order encoded.
    case keyed([(String, BinaryNode)])
    /// An array: its elements.
    case unkeyed([BinaryNode])

    /// Appends the node's bytes.
    public func write(to writer: inout ByteWriter) {
        switch self {
        case .null: writer.u8(0)
        case .bool(let flag): writer.u8(flag ? 2 : 1)
        case .int(let number):
            writer.u8(3)
            writer.i64(number)
        case .uint(let number):
            writer.u8(4)
            writer.varint(number)
        case .double(let number):
            writer.u8(5)
            writer.f64(number)
        case .string(let text):
            writer.u8(6)
            writer.string(text)
        case .keyed(let entries):
            writer.u8(7)
            writer.count(entries.count)
            for (key, node) in entries {
                writer.string(key)
                node.write(to: &writer)
            }
        case .unkeyed(let nodes):
            writer.u8(8)
            writer.count(nodes.count)
            for node in nodes { node.write(to: &writer) }
        }
    }

    /// Reads a node; nesting deeper than `BinaryNode.depthMax` is refused.
    public static func read(from reader: inout ByteReader, depth: Int = 0) throws(ByteFormatError) -> BinaryNode {
        guard depth < depthMax else { throw ByteFormatError("a value nests deeper than \(depthMax) levels") }
        let start = reader.offset
        switch try reader.u8("node tag") {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .int(try reader.i64("integer"))
        case 4: return .uint(try reader.varint("unsigned integer"))
        case 5: return .double(try reader.f64("double"))
        case 6: return .string(try reader.string("string"))
        case 7:
            var entries: [(String, BinaryNode)] = []
            for _ in 0..<(try reader.count("keyed entries")) {
                let key = try reader.string("key")
                entries.append((key, try read(from: &reader, depth: depth + 1)))
            }
            return .keyed(entries)
        case 8:
            var nodes: [BinaryNode] = []
            for _ in 0..<(try reader.count("unkeyed entries")) { nodes.append(try read(from: &reader, depth: depth + 1)) }
            return .unkeyed(nodes)
        case let tag: throw ByteFormatError("unknown node tag \(tag) at offset \(start)")
        }
    }

    /// The deepest nesting read (a plan's expressions nest far less).
    public static let depthMax = 512

    /// Whether two nodes are the same tree (doubles compared by their bits).
    public static func == (lhs: BinaryNode, rhs: BinaryNode) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.uint(let a), .uint(let b)): return a == b
        case (.double(let a), .double(let b)): return a.bitPattern == b.bitPattern
        case (.string(let a), .string(let b)): return a == b
        case (.keyed(let a), .keyed(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.unkeyed(let a), .unkeyed(let b)): return a == b
        default: return false
        }
    }
}
