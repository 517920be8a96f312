import SluiceCore

/// The one error type of `SluiceParquet`: a file that is not Parquet, is corrupt or truncated, uses
/// a feature this reader does not implement, or goes over one of `ParquetLimits`.
///
/// It has the shape of every Sluice error (`LocatedError`), without a position: files are data,
/// not script text. Messages name what is wrong (the structure and field, the column, the page)
/// so that the caller can prefix the file's path.
public struct ParquetError: LocatedError, Equatable {
    /// What kind of problem this is.
    public enum Kind: String, Sendable {
        /// Bytes that do not follow the format: bad magic, truncated footer, a Thrift field of the
        /// wrong type, a page past the end of its column chunk, levels that contradict the schema.
        case corrupt
        /// Valid Parquet that this reader does not read: an encoding, physical type or codec it
        /// does not implement, or an encrypted footer.
        case unsupported
        /// A size or count above one of `ParquetLimits`.
        case limitExceeded
    }

    /// The kind of problem.
    public let kind: Kind
    /// One sentence saying what is wrong.
    public let message: String

    /// Parquet errors are not about a spot in a script.
    public var span: SourceSpan? { nil }

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    static func corrupt(_ message: String) -> ParquetError { ParquetError(.corrupt, message) }
    static func unsupported(_ message: String) -> ParquetError { ParquetError(.unsupported, message) }

    /// An error for `count` above `limit`, naming what is counted and the limit's unit.
    static func limit(_ what: String, _ count: Int, _ limit: Int, _ unit: String) -> ParquetError {
        ParquetError(.limitExceeded, "\(what) is \(count) \(unit), above the limit of \(limit) \(unit)")
    }
}
