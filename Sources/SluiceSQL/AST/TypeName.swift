import SluiceCore

/// A type as written in `CREATE TABLE` columns and `CAST`, resolved to a `DataType`.
public struct TypeName: Sendable, Equatable {
    /// The type it names.
    public var type: DataType
    /// Where it is written.
    public var span: SourceSpan

    /// Creates a type name.
    public init(type: DataType, span: SourceSpan) {
        self.type = type
        self.span = span
    }
}
