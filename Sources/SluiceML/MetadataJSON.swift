/// A JSON value, as the metadata files of Spark's saved models hold them.
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The member `key` of an object; `nil` for other values or a missing key.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }
}

/// A small reader of whole JSON documents into `JSONValue`s, for Spark's model metadata (one
/// object on one line). Errors are `MLError` of kind `badModel` naming the byte offset.
struct JSONValueReader {
    /// Deepest nesting of arrays and objects accepted, in levels.
    static let nestingDepthMax = ModelFormat.nestingDepthMax

    private let bytes: [UInt8]
    private var position = 0

    /// Parses `bytes` as one JSON value, with nothing after it but whitespace.
    static func parse(_ bytes: [UInt8]) throws(MLError) -> JSONValue {
        var reader = JSONValueReader(bytes: bytes)
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.position == bytes.count else { throw reader.failure("unexpected content after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func value(depth: Int) throws(MLError) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else { throw failure("a value is missing") }
        guard depth < JSONValueReader.nestingDepthMax else {
            throw failure("values are nested deeper than \(JSONValueReader.nestingDepthMax) levels")
        }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            var members: [String: JSONValue] = [:]
            skipWhitespace()
            if consume(UInt8(ascii: "}")) { return .object(members) }
            repeat {
                skipWhitespace()
                let key = try string()
                skipWhitespace()
                guard consume(UInt8(ascii: ":")) else { throw failure("expected ':' after key \"\(key)\"") }
                guard members[key] == nil else { throw failure("key \"\(key)\" appears twice") }
                members[key] = try value(depth: depth + 1)
                skipWhitespace()
            } while consume(UInt8(ascii: ","))
            guard consume(UInt8(ascii: "}")) else { throw failure("expected ',' or '}'") }
            return .object(members)
        case UInt8(ascii: "["):
            position += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if consume(UInt8(ascii: "]")) { return .array(elements) }
            repeat {
                elements.append(try value(depth: depth + 1))
                skipWhitespace()
            } while consume(UInt8(ascii: ","))
            guard consume(UInt8(ascii: "]")) else { throw failure("expected ',' or ']'") }
            return .array(elements)
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"):
            return try word("true", .bool(true))
        case UInt8(ascii: "f"):
            return try word("false", .bool(false))
        case UInt8(ascii: "n"):
            return try word("null", .null)
        default:
            return .number(try number())
        }
    }

    private mutating func word(_ text: String, _ result: JSONValue) throws(MLError) -> JSONValue {
        let expected = Array(text.utf8)
        guard bytes.count - position >= expected.count, Array(bytes[position..<position + expected.count]) == expected
        else {
            throw failure("unknown word")
        }
        position += expected.count
        return result
    }

    private mutating func number() throws(MLError) -> Double {
        let start = position
        while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) {
            position += 1
        }
        guard position > start, let value = Double(String(decoding: bytes[start..<position], as: UTF8.self)),
            value.isFinite
        else {
            throw failure("malformed number")
        }
        return value
    }

    private mutating func string() throws(MLError) -> String {
        guard consume(UInt8(ascii: "\"")) else { throw failure("expected a string") }
        var scalars = String.UnicodeScalarView()
        var run = position
        func flush(_ end: Int) {
            scalars.append(contentsOf: String(decoding: bytes[run..<end], as: UTF8.self).unicodeScalars)
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                flush(position)
                position += 1
                return String(scalars)
            }
            guard byte >= 0x20 else { throw failure("control character in string") }
            guard byte == UInt8(ascii: "\\") else {
                position += 1
                continue
            }
            flush(position)
            guard position + 1 < bytes.count else { break }
            let escape = bytes[position + 1]
            position += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(Unicode.Scalar(escape))
            case UInt8(ascii: "b"): scalars.append("\u{8}")
            case UInt8(ascii: "f"): scalars.append("\u{C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                guard bytes.count - position >= 4,
                    let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
                else { throw failure("bad \\u escape") }
                position += 4
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default: throw failure("bad escape")
            }
            run = position
        }
        throw failure("unterminated string")
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) {
            position += 1
        }
    }

    private func failure(_ message: String) -> MLError {
        MLError(.badModel, "the metadata is not valid JSON: \(message) at byte \(position)")
    }
}
