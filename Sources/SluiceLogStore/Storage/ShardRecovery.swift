import Foundation

/// Opening a shard directory after a clean stop or a crash: lists the segments, rebuilds the
/// index from the record headers, verifies the checksums of the last segment (the only one a
/// crash can tear) and cuts a torn tail off. Damage anywhere else refuses to open.
enum ShardRecovery {
    /// Largest payload a record header may claim; anything larger is damage.
    static let maxRecordPayloadBytes: UInt32 = 256 << 20

    static func open(directory: String) throws(LogStoreError) -> [SegmentIndex] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw LogStoreError("cannot create \(directory): \(error.localizedDescription)")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw LogStoreError("cannot list \(directory): \(error.localizedDescription)")
        }
        let bases = names.compactMap { name -> Int64? in
            guard name.hasSuffix(".seg") else { return nil }
            return Int64(name.dropLast(4))
        }.sorted()
        if bases.isEmpty {
            let file = try SegmentFile(
                path: directory + "/" + SegmentFile.name(baseSequence: 0), baseSequence: 0, create: true)
            try SystemCall.syncDirectory(directory)
            return [SegmentIndex(file: file)]
        }
        var segments: [SegmentIndex] = []
        for (position, base) in bases.enumerated() {
            let path = directory + "/" + SegmentFile.name(baseSequence: base)
            let file = try SegmentFile(path: path, baseSequence: base, create: false)
            if let previous = segments.last, previous.endSequence != base {
                throw LogStoreError(
                    "\(path) starts at group \(base) but the previous segment ends at \(previous.endSequence)")
            }
            segments.append(try scan(file, isLast: position == bases.count - 1))
        }
        return segments
    }

    /// Rebuilds one segment's index. In the last segment a bad record ends the valid data and the
    /// file is cut there; elsewhere it is an error.
    private static func scan(_ file: SegmentFile, isLast: Bool) throws(LogStoreError) -> SegmentIndex {
        var index = SegmentIndex(file: file)
        let size = try file.size()
        var offset: Int64 = 0
        var problem: String?
        while offset < size {
            let headerBytes = try file.read(at: offset, count: RecordHeader.size)
            guard headerBytes.count == RecordHeader.size, let header = headerBytes.withUnsafeBytes({ RecordHeader($0) })
            else {
                problem = "unreadable record header"
                break
            }
            let expected = index.endSequence
            guard header.sequence == expected, header.payloadLength <= maxRecordPayloadBytes else {
                problem = "record for group \(header.sequence) where group \(expected) belongs"
                break
            }
            let length = Int64(RecordHeader.size) + Int64(header.payloadLength)
            guard offset + length <= size else {
                problem = "record of \(length) bytes past the end of the file"
                break
            }
            if isLast {
                let payload = try file.read(at: offset + Int64(RecordHeader.size), count: Int(header.payloadLength))
                let valid = payload.withUnsafeBytes { header.computeChecksum(payload: $0) == header.checksum }
                guard valid else {
                    problem = "checksum mismatch in group \(header.sequence)"
                    break
                }
            }
            index.add(offset: offset, length: length, time: header.receiveTime, count: header.logCount)
            offset += length
        }
        guard let problem else { return index }
        guard isLast else { throw LogStoreError("\(file.path) is damaged at offset \(offset): \(problem)") }
        FileHandle.standardError.write(
            Data("logstore: \(file.path): cut a torn tail at offset \(offset) of \(size) (\(problem))\n".utf8))
        try file.truncate(to: offset)
        try file.sync()
        index.size = offset
        return index
    }
}
