import Foundation

#if canImport(Glibc)
    import Glibc
#endif
import SluiceCore
import SluiceExec
import SluiceSystem

/// Spark's file source for `json`, `csv` and `libsvm` tables: a file is read once (bounded);
/// a directory is a stream whose epochs pick up files not seen before, in name order, at most
/// `maxFilesPerTrigger` at a time. Files whose names start with `.` or `_` are skipped.
final class FileSource: QuerySource {
    /// Turns one file's bytes into a batch with the scan's columns; counts malformed records.
    typealias Scanner = @Sendable (_ bytes: UnsafeRawBufferPointer, _ metrics: inout TaskMetrics) throws -> RecordBatch

    let path: String
    let isStreaming: Bool
    let maxFilesPerTrigger: Int?
    let scanner: Scanner
    /// Whether records are lines, so large files can be cut at line ends (not CSV with quoted newlines).
    let lineAligned: Bool

    /// Opens the file or directory at `path`.
    /// - Throws: `ConnectorError` when it does not exist.
    init(path: String, maxFilesPerTrigger: Int?, lineAligned: Bool, scanner: @escaping Scanner) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConnectorError("source path \(path) does not exist")
        }
        self.path = path
        self.isStreaming = isDirectory.boolValue
        self.maxFilesPerTrigger = maxFilesPerTrigger
        self.scanner = scanner
        self.lineAligned = lineAligned
    }

    func nextOffset(after previous: SourceOffset?) throws -> SourceOffset? {
        guard isStreaming else { return previous == nil ? SourceOffset(files: [path], seen: [path]) : nil }
        let seen = Set(previous?.seen ?? [])
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw ConnectorError("cannot list source directory \(path): \(error.localizedDescription)")
        }
        var fresh = names.filter { !$0.hasPrefix(".") && !$0.hasPrefix("_") }.sorted()
            .map { (path as NSString).appendingPathComponent($0) }.filter { !seen.contains($0) }
        if let limit = maxFilesPerTrigger { fresh = Array(fresh.prefix(limit)) }
        guard !fresh.isEmpty else { return nil }
        return SourceOffset(files: fresh, seen: (previous?.seen ?? []) + fresh)
    }

    /// Bytes per split of a line-oriented file: large files are cut at line ends so tasks share them.
    static let splitBytesTarget = 4 * 1024 * 1024

    func splits(_ offset: SourceOffset) throws -> [SourceSplit] {
        var splits: [SourceSplit] = []
        for file in offset.files {
            // Mapped, not copied: tasks read the page cache directly.
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped)
            } catch {
                throw ConnectorError("cannot read source file \(file): \(error.localizedDescription)")
            }
            // The mapping only finds line ends; each task maps its own range (`FileSplit.read`).
            for range in lineAligned ? FileSource.ranges(of: data, target: FileSource.splitBytesTarget) : [0..<data.count] {
                splits.append(FileSplit(path: file, range: range, scanner: scanner))
            }
        }
        return splits
    }

    /// Ranges of about `target` bytes covering `data`, each ending after a newline.
    static func ranges(of data: Data, target: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        while start < data.count {
            var end = min(data.count, start + target)
            while end < data.count, data[data.startIndex + end - 1] != UInt8(ascii: "\n") { end += 1 }
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }
}

/// A byte range of a file and the scanner that reads it.
struct FileSplit: SourceSplit {
    let path: String
    let range: Range<Int>
    let scanner: FileSource.Scanner

    func read(metrics: inout TaskMetrics) throws -> RecordBatch {
        let descriptor: Int32
        do {
            descriptor = try SystemCall.open(path, O_RDONLY)
        } catch {
            throw ConnectorError("cannot open source file \(path): \(error.reason)")
        }
        defer { close(descriptor) }
        // Mapped with its pages populated at once: no copy from the page cache (as `pread` made)
        // and no page fault per page (as a lazily faulted mapping had).
        var status = stat()
        guard fstat(descriptor, &status) == 0, Int(status.st_size) >= range.upperBound else {
            throw ConnectorError("cannot read source file \(path) at byte \(range.lowerBound): it is shorter than when it was listed")
        }
        guard !range.isEmpty else { return try scanner(UnsafeRawBufferPointer(start: nil, count: 0), &metrics) }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = range.lowerBound / page * page
        let length = range.upperBound - start
        guard let mapping = mmap(nil, length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, off_t(start)),
            mapping != MAP_FAILED
        else {
            // A file system that cannot map files: read a copy instead.
            let copy = try readCopy(descriptor)
            defer { copy.deallocate() }
            return try scanner(UnsafeRawBufferPointer(copy), &metrics)
        }
        defer { munmap(mapping, length) }
        return try scanner(UnsafeRawBufferPointer(start: mapping + (range.lowerBound - start), count: range.count), &metrics)
    }

    /// The split's bytes read with `pread` into a buffer the caller deallocates.
    func readCopy(_ descriptor: Int32) throws -> UnsafeMutableRawBufferPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: range.count, alignment: 16)
        let done: Int
        do {
            done = try SystemCall.readFully(descriptor, into: buffer, at: Int64(range.lowerBound), path: path)
        } catch {
            buffer.deallocate()
            throw ConnectorError("cannot read source file \(path) at byte \(range.lowerBound): \(error.reason)")
        }
        guard done == range.count else {
            buffer.deallocate()
            throw ConnectorError(
                "cannot read source file \(path) at byte \(range.lowerBound + done): it is shorter than when it was listed")
        }
        return buffer
    }
}
