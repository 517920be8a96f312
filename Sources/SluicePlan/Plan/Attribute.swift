import SluiceCore
import SluiceSQL

/// A named, typed column of a plan node's output, identified by a unique id (Spark's `name#id`).
public struct Attribute: Hashable, Sendable, Codable {
    /// Where a scan column comes from.
    public enum Origin: Hashable, Sendable, Codable {
        /// A declared or fixed column of the table.
        case column
        /// A system column of a log-store table.
        case system
        /// A log key a query named on a log-store table without declared columns: a nullable string.
        case logKey
        /// A log tag (`__tag__<key>__` or `__tag__:<key>`).
        case tag(String)
        /// Computed by a plan node.
        case derived
    }

    /// Unique within one bound statement.
    public let id: Int
    /// The name queries use.
    public let name: String
    /// The type.
    public let type: DataType
    /// Whether it may be NULL.
    public let nullable: Bool
    /// The relation alias or table name it can be qualified with.
    public let qualifier: String?
    /// Where it comes from.
    public let origin: Origin

    /// Creates an attribute.
    public init(id: Int, name: String, type: DataType, nullable: Bool = true, qualifier: String? = nil, origin: Origin = .derived) {
        self.id = id
        self.name = name
        self.type = type
        self.nullable = nullable
        self.qualifier = qualifier
        self.origin = origin
    }

    /// The same attribute under another qualifier.
    public func qualified(by qualifier: String?) -> Attribute {
        Attribute(id: id, name: name, type: type, nullable: nullable, qualifier: qualifier, origin: origin)
    }

    /// `name#id`, as `EXPLAIN` prints it.
    public var reference: String { "\(Identifier.quoteIfNeeded(name))#\(id)" }
}

