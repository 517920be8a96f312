import CSnappy
import CZlib
import SluiceParquet

/// The decompressors of the column chunks Spark writes: SNAPPY (raw snappy blocks, libsnappy)
/// and GZIP (a gzip stream, zlib). Other codecs are `unsupported`.
public struct ParquetCodecs: ParquetDecompressor {
    /// Creates the decompressor.
    public init() {}

    public func decompress(_ bytes: ArraySlice<UInt8>, codec: ParquetCompression, uncompressedByteCount: Int)
        throws(ParquetError)
        -> [UInt8]
    {
        switch codec {
        case .uncompressed:
            return Array(bytes)
        case .snappy:
            return try snappy(bytes, uncompressedByteCount)
        case .gzip:
            return try gzip(bytes, uncompressedByteCount)
        default:
            throw ParquetError(
                .unsupported, "the column chunk is compressed with \(codec); this reader decompresses SNAPPY and GZIP")
        }
    }

    private func snappy(_ bytes: ArraySlice<UInt8>, _ expected: Int) throws(ParquetError) -> [UInt8] {
        let result: Result<[UInt8], ParquetError> = bytes.withUnsafeBufferPointer { input in
            let source = input.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            var length = 0
            guard snappy_uncompressed_length(source, input.count, &length) == SNAPPY_OK else {
                return .failure(ParquetError(.corrupt, "a SNAPPY page is corrupt: its length header cannot be read"))
            }
            guard length == expected else {
                return .failure(
                    ParquetError(.corrupt, "a SNAPPY page holds \(length) bytes, not the \(expected) its header says"))
            }
            var output = [UInt8](repeating: 0, count: max(length, 1))
            var produced = length
            let status = output.withUnsafeMutableBufferPointer { target in
                target.baseAddress!.withMemoryRebound(to: CChar.self, capacity: target.count) {
                    snappy_uncompress(source, input.count, $0, &produced)
                }
            }
            guard status == SNAPPY_OK, produced == expected else {
                return .failure(
                    ParquetError(.corrupt, "a SNAPPY page is corrupt: it does not decompress into \(expected) bytes"))
            }
            output.removeLast(output.count - produced)
            return .success(output)
        }
        return try result.get()
    }

    private func gzip(_ bytes: ArraySlice<UInt8>, _ expected: Int) throws(ParquetError) -> [UInt8] {
        var input = Array(bytes)
        var output = [UInt8](repeating: 0, count: expected + 1)
        var stream = z_stream()
        // 15 window bits + 32: accept a gzip or zlib header.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ParquetError(.corrupt, "a GZIP page cannot be read: zlib did not start")
        }
        defer { inflateEnd(&stream) }
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        let produced = Int(stream.total_out)
        guard status == Z_STREAM_END, produced == expected else {
            throw ParquetError(.corrupt, "a GZIP page is corrupt: it does not decompress into \(expected) bytes")
        }
        output.removeLast(output.count - produced)
        return output
    }
}
