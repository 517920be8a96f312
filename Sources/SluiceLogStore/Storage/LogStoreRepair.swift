import Foundation
import SluiceLogClient

/// What `LogStoreRepair.repair` took out of a data directory.
public struct RepairReport: Sendable, Equatable {
    /// One run of bad bytes taken out of a segment.
    public struct Loss: Sendable, Equatable {
        /// The shard directory, `<data-dir>/<project>/<store>/<shard id>`.
        public let shard: String
        /// The segment file.
        public let segment: String
        /// Where the bad bytes started in the segment.
        public let offset: Int64
        /// How many bad bytes there were.
        public let length: Int64
        /// The groups lost with them, each now a tombstone read as an empty group (empty for a torn tail
        /// of the last segment, which held no finished group, or for stray bytes between records).
        public let sequences: Range<Int64>
        /// What was wrong.
        public let problem: String
        /// The file holding the bad bytes now (nil when there were none, e.g. records missing at a
        /// segment's end).
        public let quarantine: String?
    }

    /// Everything taken out, in shard and file order.
    public var losses: [Loss] = []
    /// Number of shards checked.
    public var shards = 0
    /// Number of segment files checked.
    public var segments = 0
    /// Bytes of records checked.
    public var bytesChecked: Int64 = 0

    /// Total number of groups lost.
    public var groupsLost: Int64 { losses.reduce(0) { $0 + Int64($1.sequences.count) } }
}

/// `sluice logstore repair`: checks every record of every segment under a data directory and
/// takes damage out. The bad bytes are moved to `<shard>/quarantine/<segment>@<offset>`, every
/// valid record is kept at its sequence number, and each lost group's sequence number becomes a
/// tombstone record, so sequences stay dense and every cursor stays valid. A torn tail of a
/// shard's last segment is cut (and kept in quarantine) as at start. The list of groups found
/// bad while serving (`DamageList`) is cleared: each is a tombstone now, or checked out good.
/// Run it with the server stopped; a second run finds nothing.
public enum LogStoreRepair {
    /// Repairs every shard under `dataDirectory`.
    /// - Throws: A storage error, or damage repair cannot take out (segments that overlap).
    public static func repair(dataDirectory: String) throws(LogStoreError) -> RepairReport {
        var report = RepairReport()
        for shard in try shardDirectories(dataDirectory) {
            report.shards += 1
            try repairShard(shard, into: &report)
        }
        return report
    }

    /// `<data-dir>/<project>/<store>/<shard id>` for every store with a `logstore.json`, sorted.
    static func shardDirectories(_ root: String) throws(LogStoreError) -> [String] {
        let manager = FileManager.default
        func children(_ path: String) -> [String] {
            ((try? manager.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
        }
        guard manager.fileExists(atPath: root) else { throw LogStoreError("no data directory at \(root)") }
        var shards: [String] = []
        for project in children(root) where manager.fileExists(atPath: project + "/project.json") {
            for store in children(project) where manager.fileExists(atPath: store + "/logstore.json") {
                let ids = children(store).filter { Int(URL(fileURLWithPath: $0).lastPathComponent) != nil }
                shards += ids.sorted {
                    Int(URL(fileURLWithPath: $0).lastPathComponent)! < Int(URL(fileURLWithPath: $1).lastPathComponent)!
                }
            }
        }
        return shards
    }

    /// Repairs the shard at `directory`, adding what it lost to `report`.
    static func repairShard(_ directory: String, into report: inout RepairReport) throws(LogStoreError) {
        let bases = try StorageFiles.segmentBases(in: directory)
        var lastTime: Int64?
        for (position, base) in bases.enumerated() {
            let path = directory + "/" + SegmentFile.name(baseSequence: base)
            let file = try SegmentFile(path: path, baseSequence: base, create: false)
            let bytes = try file.read(at: 0, count: Int(try file.size()))
            report.segments += 1
            report.bytesChecked += Int64(bytes.count)
            let scan = bytes.withUnsafeBytes { SegmentScan($0, base: base) }
            let nextBase = position + 1 < bases.count ? bases[position + 1] : nil
            if let nextBase, scan.endSequence > nextBase {
                throw LogStoreError(
                    "\(path) holds groups up to \(scan.endSequence - 1) but the next segment starts at \(nextBase): "
                        + "the segments overlap, which repair does not resolve")
            }
            var losses = scan.damage
            if var tail = scan.tail {
                if let nextBase { tail.sequences = scan.endSequence..<nextBase }
                losses.append(tail)
            } else if let nextBase, scan.endSequence < nextBase {
                losses.append(
                    DamagedRange(
                        offset: Int64(bytes.count), length: 0, sequences: scan.endSequence..<nextBase,
                        problem: "groups missing at the end of the segment"))
            }
            guard !losses.isEmpty else {
                lastTime = scan.records.last?.header.receiveTime ?? lastTime
                continue
            }
            for loss in losses {
                var kept: String?
                if loss.length > 0 {
                    let start = Int(loss.offset)
                    kept = try Quarantine.save(
                        Array(bytes[start..<start + Int(loss.length)]), shardDirectory: directory, segment: file,
                        offset: loss.offset)
                }
                report.losses.append(
                    RepairReport.Loss(
                        shard: directory, segment: path, offset: loss.offset, length: loss.length,
                        sequences: loss.sequences, problem: loss.problem, quarantine: kept))
            }
            let rebuilt = rebuild(bytes, scan: scan, losses: losses, lastTime: &lastTime)
            let temporary = path + ".repair"
            try StorageFiles.writeDurably(rebuilt, to: temporary)
            guard rename(temporary, path) == 0 else { throw StorageCall.error("cannot replace \(path)") }
            try StorageCall.syncDirectory(directory)
        }
        // Every group found bad while serving is either a tombstone now or checked out good.
        try DamageList.clear(shardDirectory: directory)
    }

    /// The segment's valid records in order, with a tombstone for each lost sequence number.
    /// A tombstone's receive time is the previous group's (the next one's when it comes first),
    /// so receive times never decrease.
    static func rebuild(_ bytes: [UInt8], scan: SegmentScan, losses: [DamagedRange], lastTime: inout Int64?) -> [UInt8] {
        enum Piece {
            case record(SegmentScan.Record)
            case lost(DamagedRange)
            var offset: Int64 {
                switch self {
                case let .record(record): return record.offset
                case let .lost(range): return range.offset
                }
            }
        }
        let pieces = (scan.records.map(Piece.record) + losses.map(Piece.lost)).sorted { $0.offset < $1.offset }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for (index, piece) in pieces.enumerated() {
            switch piece {
            case let .record(record):
                output += bytes[Int(record.offset)..<Int(record.offset + record.length)]
                lastTime = record.header.receiveTime
            case let .lost(range):
                let following = pieces[(index + 1)...].lazy.compactMap { piece -> Int64? in
                    if case let .record(record) = piece { return record.header.receiveTime }
                    return nil
                }.first
                let time = lastTime ?? following ?? 0
                for sequence in range.sequences {
                    output += RecordHeader.tombstone(sequence: sequence, receiveTime: time).bytes
                }
            }
        }
        return output
    }
}
