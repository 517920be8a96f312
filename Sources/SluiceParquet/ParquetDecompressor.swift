/// Decompresses pages; handed in by the caller, because this target links no C library.
///
/// `SluiceParquetCodecs` has one for SNAPPY and GZIP; the reader itself handles UNCOMPRESSED.
public protocol ParquetDecompressor: Sendable {
    /// `bytes` compressed with `codec`, decompressed into exactly `uncompressedByteCount` bytes.
    /// - Throws: `ParquetError` of kind `unsupported` for a codec it does not implement, `corrupt`
    ///   when the data does not decompress into that many bytes.
    func decompress(_ bytes: ArraySlice<UInt8>, codec: ParquetCompression, uncompressedByteCount: Int)
        throws(ParquetError)
        -> [UInt8]
}

/// A decompressor for files without compression: every other codec is `unsupported`.
public struct UncompressedOnly: ParquetDecompressor {
    /// Creates the decompressor.
    public init() {}

    public func decompress(_ bytes: ArraySlice<UInt8>, codec: ParquetCompression, uncompressedByteCount: Int)
        throws(ParquetError)
        -> [UInt8]
    {
        throw .unsupported("the column chunk is compressed with \(codec), and no decompressor for it was given")
    }
}
