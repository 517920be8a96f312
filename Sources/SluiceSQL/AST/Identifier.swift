import SluiceCore

/// A name as written: bare or backtick-quoted, with its spot.
public struct Identifier: Sendable, Equatable, CustomStringConvertible {
    /// The name, without backticks.
    public var value: String
    /// Where it is written.
    public var span: SourceSpan

    /// Creates an identifier.
    public init(_ value: String, span: SourceSpan) {
        self.value = value
        self.span = span
    }

    /// The name, lower-cased: Spark resolves names case-insensitively.
    public var normalized: String { value.lowercased() }

    /// The name, backtick-quoted when it is not a plain word.
    public var description: String { Identifier.quoteIfNeeded(value) }

    /// `name` as written in SQL: bare when it is a plain word, else in backticks.
    public static func quoteIfNeeded(_ name: String) -> String {
        let startsWithDigit = name.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? true
        let plain = !startsWithDigit && name.utf8.allSatisfy { b in
            (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "_")
        }
        return plain ? name : "`" + name.replacing("`", with: "``") + "`"
    }
}

/// A dotted name: `db.table`, `tb.time`, `default.Logistic_Regression`.
public struct QualifiedName: Sendable, Equatable, CustomStringConvertible {
    /// The parts, outermost first.
    public var parts: [Identifier]

    /// Creates a name from its parts; there is at least one.
    public init(_ parts: [Identifier]) {
        precondition(!parts.isEmpty, "a qualified name needs at least one part")
        self.parts = parts
    }

    /// The last part: the object's own name.
    public var name: Identifier { parts[parts.count - 1] }

    /// The parts before the last, if any.
    public var qualifier: [Identifier] { Array(parts.dropLast()) }

    /// The span from the first part to the last.
    public var span: SourceSpan { parts[0].span.union(parts[parts.count - 1].span) }

    /// The parts joined with dots.
    public var description: String { parts.map(\.description).joined(separator: ".") }
}
