import Foundation
import SluiceCore
import SluiceExec
import Testing

@testable import SluiceConnectors

/// The file source's splits, read by mapping each split's range of the file.
@Suite struct FileSourceTests {
    /// A scanner that keeps the bytes it is given and reports one row per line.
    final class Collected: @unchecked Sendable {
        var pieces: [Int: [UInt8]] = [:]
        let lock = NSLock()
    }

    func directory() throws -> String {
        let path = NSTemporaryDirectory() + "sluice-file-source-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func source(_ path: String, lineAligned: Bool, into collected: Collected) throws -> FileSource {
        try FileSource(path: path, maxFilesPerTrigger: nil, lineAligned: lineAligned) { bytes, _ in
            let lines = bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            // Splits are told apart by their first bytes' address-independent content: the line
            // number each starts with.
            let copy = Array(bytes)
            let first = copy.prefix { $0 != UInt8(ascii: " ") }
            collected.lock.lock()
            collected.pieces[Int(String(decoding: first, as: UTF8.self)) ?? -1] = copy
            collected.lock.unlock()
            return RecordBatch(columns: [], rowCount: lines)
        }
    }

    @Test func splitsOfALargeFileReadBackEveryByteOnce() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // About 9 MiB of lines of uneven length: three splits starting in the middle of pages.
        var text = ""
        var line = 0
        while text.utf8.count < 9 * 1024 * 1024 {
            text += "\(line) " + String(repeating: "x", count: line % 97) + "\n"
            line += 1
        }
        let file = directory + "/part-0.json"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let collected = Collected()
        let source = try source(directory, lineAligned: true, into: collected)
        let offset = try #require(try source.nextOffset(after: nil))
        let splits = try source.splits(offset)
        #expect(splits.count == 3)
        var rows = 0
        for split in splits {
            var metrics = TaskMetrics()
            rows += try split.read(metrics: &metrics).rowCount
        }
        #expect(rows == line)
        let joined = collected.pieces.keys.sorted().flatMap { collected.pieces[$0]! }
        #expect(joined == Array(text.utf8))
    }

    @Test func aFileCutShortAfterListingIsAnErrorNotACrash() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/part-0.json"
        try String(repeating: "1 abc\n", count: 1000).write(toFile: file, atomically: true, encoding: .utf8)
        let source = try source(directory, lineAligned: true, into: Collected())
        let splits = try source.splits(try #require(try source.nextOffset(after: nil)))
        try FileHandle(forWritingAtPath: file)!.truncate(atOffset: 100)
        var metrics = TaskMetrics()
        #expect {
            _ = try splits[0].read(metrics: &metrics)
        } throws: { error in
            "\(error)".contains("part-0.json") && "\(error)".contains("shorter than when it was listed")
        }
    }

    @Test func anEmptyFileIsNoRows() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(FileManager.default.createFile(atPath: directory + "/empty.csv", contents: Data()))
        let source = try source(directory, lineAligned: false, into: Collected())
        let splits = try source.splits(try #require(try source.nextOffset(after: nil)))
        var metrics = TaskMetrics()
        #expect(try splits.map { try $0.read(metrics: &metrics).rowCount } == [0])
    }

    @Test func theCopyReadWhereMappingFailsGivesTheSameBytes() throws {
        let directory = try directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/part-0.json"
        let text = (0..<5000).map { "\($0) " + String(repeating: "y", count: $0 % 13) }.joined(separator: "\n") + "\n"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let bytes = Array(text.utf8)
        let range = 4097..<(bytes.count - 10)
        let split = FileSplit(path: file, range: range, scanner: { _, _ in RecordBatch(columns: [], rowCount: 0) })
        let descriptor = open(file, O_RDONLY)
        defer { close(descriptor) }
        let copy = try split.readCopy(descriptor)
        defer { copy.deallocate() }
        #expect(Array(copy) == Array(bytes[range]))
        let beyond = FileSplit(path: file, range: (bytes.count - 5)..<(bytes.count + 5), scanner: split.scanner)
        #expect(throws: (any Error).self) { _ = try beyond.readCopy(descriptor).deallocate() }
    }
}
