/// A column of a table or of a plan's output.
public struct Column: Hashable, Sendable, Codable {
    /// The column's name, as declared.
    public var name: String
    /// The column's type.
    public var type: DataType
    /// Whether the column may be NULL.
    public var nullable: Bool
    /// The comment `DESC` prints, if any.
    public var comment: String?

    /// Creates a column.
    public init(name: String, type: DataType, nullable: Bool = true, comment: String? = nil) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.comment = comment
    }
}

/// An ordered list of columns, looked up case-insensitively as Spark does.
public struct Schema: Hashable, Sendable, Codable {
    /// The columns, in order.
    public var columns: [Column]

    /// Creates a schema.
    public init(_ columns: [Column] = []) {
        self.columns = columns
    }

    /// The column named `name`, ignoring case.
    public func column(named name: String) -> Column? {
        let lower = name.lowercased()
        return columns.first { $0.name.lowercased() == lower }
    }

    /// `name<TAB>type<TAB>comment` lines, as Spark's `DESC` prints them.
    public var describeLines: [String] {
        columns.map { "\($0.name)\t\($0.type.sqlName)\t\($0.comment ?? "NULL")" }
    }
}
