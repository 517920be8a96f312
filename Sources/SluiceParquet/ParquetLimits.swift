/// The bounds the reader holds every file to, so that a hostile or corrupt file costs at most
/// this much memory and time; going over one throws `ParquetError` of kind `limitExceeded`.
public enum ParquetLimits {
    /// Largest Thrift footer (`FileMetaData`) read, in bytes.
    public static let footerBytesMax = 16 << 20
    /// Largest page, compressed or uncompressed, in bytes.
    public static let pageBytesMax = 64 << 20
    /// Largest Thrift page header, in bytes.
    public static let pageHeaderBytesMax = 1 << 20
    /// Deepest nesting of groups in the schema, the root not counted, in levels.
    public static let nestingDepthMax = 16
    /// Deepest nesting of Thrift structures, lists and maps in the metadata, in levels.
    public static let thriftDepthMax = 32
    /// Most elements in one Thrift list, set or map, in elements.
    public static let thriftListElementsMax = 1 << 20
    /// Most schema elements (groups and columns), in elements.
    public static let schemaElementsMax = 10_000
    /// Most values (levels, nulls included) in one column chunk, in values: about 64 MiB of
    /// decoded values, whatever a file's runs claim.
    public static let chunkValuesMax = 1 << 22
    /// Most rows in a file, in rows (a saved model has one).
    public static let rowsMax = 1 << 16
}
