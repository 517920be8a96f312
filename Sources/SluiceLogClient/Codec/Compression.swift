import CLZ4
import CZlib

/// The body compressions of the SLS API (`x-log-compresstype`, `Accept-Encoding` on PullLogs).
public enum LogCompression: String, Sendable, CaseIterable {
    /// No compression: the raw protobuf.
    case none = ""
    /// A raw LZ4 block with no frame and no size prefix; the size travels in `x-log-bodyrawsize`.
    case lz4
    /// A zlib stream (RFC 1950).
    case deflate

    /// Parses a header value; `nil` for a compression this store does not speak (zstd included).
    public init?(header: String?) {
        guard let header else { self = .none; return }
        let name = header.lowercased()
        switch name {
        case "": self = .none
        case "lz4": self = .lz4
        case "deflate", "gzip": self = .deflate
        default: return nil
        }
    }

    /// Compresses `bytes`.
    public func compress(_ bytes: [UInt8]) -> [UInt8] {
        switch self {
        case .none: return bytes
        case .lz4: return Self.lz4Compress(bytes)
        case .deflate: return Self.zlibCompress(bytes)
        }
    }

    /// Decompresses `bytes` into exactly `rawSize` bytes.
    /// - Throws: `LogStoreError` with code `PostBodyUncompressError` when the data is corrupt or
    ///   its size is not `rawSize`.
    public func decompress(_ bytes: [UInt8], rawSize: Int) throws(LogStoreError) -> [UInt8] {
        switch self {
        case .none:
            guard bytes.count == rawSize else {
                throw LogStoreError(
                    "body is \(bytes.count) bytes but x-log-bodyrawsize says \(rawSize)", code: "InvalidBodyRawSize",
                    status: 400)
            }
            return bytes
        case .lz4: return try Self.lz4Decompress(bytes, rawSize: rawSize)
        case .deflate: return try Self.zlibDecompress(bytes, rawSize: rawSize)
        }
    }

    /// LZ4's speed/ratio knob (1 is its default): log text compresses almost as well at this
    /// setting, at about twice the speed (docs/benchmarks.md).
    static let lz4Acceleration: Int32 = 4

    private static func lz4Compress(_ bytes: [UInt8]) -> [UInt8] {
        if bytes.isEmpty { return [0] }  // LZ4's encoding of the empty block: one zero token
        let bound = Int(LZ4_compressBound(Int32(bytes.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let written = bytes.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { target in
                LZ4_compress_fast(
                    source.baseAddress!.assumingMemoryBound(to: CChar.self),
                    target.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count), Int32(bound),
                    Self.lz4Acceleration)
            }
        }
        output.removeLast(output.count - Int(written))
        return output
    }

    private static func lz4Decompress(_ bytes: [UInt8], rawSize: Int) throws(LogStoreError) -> [UInt8] {
        if bytes.isEmpty {
            guard rawSize == 0 else { throw uncompressError("lz4", "empty body") }
            return []
        }
        // Decoded even when `rawSize` is 0: a body that holds more than it says is refused, never
        // cut short unread. One spare byte keeps the buffer's address valid for a size of 0.
        var output = [UInt8](repeating: 0, count: rawSize + 1)
        let produced = bytes.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { target in
                LZ4_decompress_safe(
                    source.baseAddress!.assumingMemoryBound(to: CChar.self),
                    target.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count), Int32(rawSize))
            }
        }
        guard produced == Int32(rawSize) else {
            throw uncompressError(
                "lz4", produced < 0 ? "corrupt data, or more than \(rawSize) bytes" : "\(produced) bytes, expected \(rawSize)")
        }
        output.removeLast()
        return output
    }

    private static func zlibCompress(_ bytes: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = bytes.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                compress2(target.baseAddress, &length, source.baseAddress, uLong(source.count), Z_DEFAULT_COMPRESSION)
            }
        }
        precondition(status == Z_OK, "zlib compress2 failed with \(status) into a compressBound buffer")
        output.removeLast(output.count - Int(length))
        return output
    }

    private static func zlibDecompress(_ bytes: [UInt8], rawSize: Int) throws(LogStoreError) -> [UInt8] {
        // One spare byte tells "exactly rawSize" from "more than rawSize".
        var output = [UInt8](repeating: 0, count: rawSize + 1)
        var length = uLong(output.count)
        let status = bytes.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                uncompress(target.baseAddress, &length, source.baseAddress, uLong(source.count))
            }
        }
        guard status == Z_OK else {
            throw uncompressError("deflate", status == Z_BUF_ERROR ? "more than \(rawSize) bytes" : "corrupt data")
        }
        guard Int(length) == rawSize else { throw uncompressError("deflate", "\(length) bytes, expected \(rawSize)") }
        output.removeLast()
        return output
    }

    private static func uncompressError(_ kind: String, _ detail: String) -> LogStoreError {
        LogStoreError("cannot decompress the \(kind) body: \(detail)", code: "PostBodyUncompressError", status: 400)
    }
}
