/// Bytes of a segment that hold no valid record, and the sequence numbers whose records they held.
struct DamagedRange: Equatable, Sendable {
    /// Where the bad bytes start in the file.
    var offset: Int64
    /// How many bad bytes there are.
    var length: Int64
    /// The groups lost with them (empty when the bytes held none, e.g. garbage between records).
    var sequences: Range<Int64>
    /// What was wrong with the first bad record.
    var problem: String
}

/// What a segment's bytes hold: its valid records in order, the damaged ranges between them, and
/// a bad tail that no valid record follows (what a crash in the middle of a write leaves).
/// Pure: built from bytes, no I/O.
struct SegmentScan {
    /// One valid record.
    struct Record: Equatable {
        var offset: Int64
        var header: RecordHeader
        var length: Int64 { Int64(RecordHeader.size) + Int64(header.payloadLength) }
    }

    /// The valid records, in file order.
    var records: [Record] = []
    /// Bad bytes with a valid record after them: damage, not a torn write.
    var damage: [DamagedRange] = []
    /// Bad bytes at the end with no valid record after them (`sequences` is empty: how many
    /// groups they held is unknown here).
    var tail: DamagedRange?
    /// The sequence number after the last valid record.
    var endSequence: Int64

    /// Scans `bytes`, the whole segment whose first record is group `base`, checking every
    /// record's header, sequence number and checksum. After a bad record it looks for the next
    /// valid one (right magic, plausible sequence number, matching checksum) at every later byte.
    init(_ bytes: UnsafeRawBufferPointer, base: Int64) {
        endSequence = base
        var offset = 0
        while offset < bytes.count {
            let problem: String
            switch Self.check(bytes, at: offset, expected: endSequence) {
            case let .valid(header):
                records.append(Record(offset: Int64(offset), header: header))
                offset += RecordHeader.size + Int(header.payloadLength)
                endSequence += 1
                continue
            case let .invalid(reason):
                problem = reason
            }
            guard let (next, header) = Self.nextValid(bytes, after: offset, expected: endSequence) else {
                tail = DamagedRange(
                    offset: Int64(offset), length: Int64(bytes.count - offset), sequences: endSequence..<endSequence,
                    problem: problem)
                return
            }
            damage.append(
                DamagedRange(
                    offset: Int64(offset), length: Int64(next - offset), sequences: endSequence..<header.sequence,
                    problem: problem))
            offset = next
            endSequence = header.sequence
        }
    }

    private enum Check {
        case valid(RecordHeader)
        case invalid(String)
    }

    /// Whether a valid record for group `expected` starts at `offset`.
    private static func check(_ bytes: UnsafeRawBufferPointer, at offset: Int, expected: Int64) -> Check {
        guard bytes.count - offset >= RecordHeader.size else {
            return .invalid("\(bytes.count - offset) bytes, less than a record header")
        }
        guard let header = RecordHeader(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + RecordHeader.size]))
        else { return .invalid("unreadable record header") }
        guard header.sequence == expected else {
            return .invalid("record for group \(header.sequence) where group \(expected) belongs")
        }
        guard header.payloadLength <= ShardRecovery.maxRecordPayloadBytes,
            Int(header.payloadLength) <= bytes.count - offset - RecordHeader.size
        else {
            return .invalid("record of \(RecordHeader.size + Int(header.payloadLength)) bytes past the end of the file")
        }
        let start = offset + RecordHeader.size
        let payload = UnsafeRawBufferPointer(rebasing: bytes[start..<start + Int(header.payloadLength)])
        guard header.matches(payload: payload) else { return .invalid("checksum mismatch in group \(expected)") }
        return .valid(header)
    }

    /// The first valid record after the bad one at `bad`: its sequence number must be at least
    /// `expected` and no more than one per header's worth of bad bytes beyond it.
    private static func nextValid(_ bytes: UnsafeRawBufferPointer, after bad: Int, expected: Int64)
        -> (Int, RecordHeader)?
    {
        var candidate = bad + 1
        while candidate + RecordHeader.size <= bytes.count {
            defer { candidate += 1 }
            let magic = bytes.loadUnaligned(fromByteOffset: candidate, as: UInt32.self).littleEndian
            guard magic == RecordHeader.magic || magic == RecordHeader.tombstoneMagic else { continue }
            let sequence = bytes.loadUnaligned(fromByteOffset: candidate + 8, as: Int64.self).littleEndian
            let most = expected + Int64((candidate - bad) / RecordHeader.size)
            guard sequence >= expected, sequence <= most else { continue }
            if case let .valid(header) = check(bytes, at: candidate, expected: sequence) { return (candidate, header) }
        }
        return nil
    }
}
