import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

@testable import SluiceExec

/// Task results and aggregation states cross processes and checkpoints in
/// `PartialResultCodec`'s binary form of columns: it must keep every column exactly, refuse what
/// is not whole, and read the states earlier versions wrote.
@Suite struct PartialResultCodecTests {
    func value(_ random: inout SplitMix64, depth: Int = 0) -> Value {
        switch random.next() % (depth < 2 ? 11 : 10) {
        case 0: return .null
        case 1: return .boolean(random.next() % 2 == 0)
        case 2: return .int(Int32(truncatingIfNeeded: random.next()))
        case 3: return .bigint(Int64(bitPattern: random.next()))
        case 4: return .double(Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF))
        case 5: return .decimal("\(random.next() % 100_000).\(random.next() % 100)", precision: 10, scale: 2)
        case 6: return .string(String(repeating: "é😀x", count: Int(random.next() % 5)))
        case 7: return .interval(Interval(months: Int64(random.next() % 100), microseconds: Int64(bitPattern: random.next())))
        case 8: return .timestamp(Int64(bitPattern: random.next()))
        case 9: return .date(Int32(truncatingIfNeeded: random.next()))
        default: return .composite((0..<Int(random.next() % 4)).map { _ in value(&random, depth: depth + 1) })
        }
    }

    /// A column of `rows` rows of a random storage, sometimes with NULLs.
    func column(_ random: inout SplitMix64, rows: Int) -> ColumnVector {
        let nulls: [Bool]? = random.next() % 2 == 0 ? nil : (0..<rows).map { _ in random.next() % 3 == 0 }
        switch random.next() % 5 {
        case 0:
            let type: DataType = [.bigint, .timestamp, .int, .date][Int(random.next() % 4)]
            return ColumnVector(type: type, storage: .int64((0..<rows).map { _ in Int64(bitPattern: random.next()) }), nulls: nulls)
        case 1:
            let values = (0..<rows).map { _ in Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF) }
            return ColumnVector(type: .decimal(precision: 38, scale: 3), storage: .double(values), nulls: nulls)
        case 2: return ColumnVector(type: .boolean, storage: .boolean((0..<rows).map { _ in random.next() % 2 == 0 }), nulls: nulls)
        case 3:
            let strings = StringStorage((0..<rows).map { _ in String(repeating: "é😀x", count: Int(random.next() % 5)) })
            return ColumnVector(type: .string, storage: .string(strings), nulls: nulls)
        default:
            let type = DataType.struct([StructField(name: "a", type: .map(.string, .array(.int)), nullable: false)])
            return ColumnVector(type: type, storage: .values((0..<rows).map { _ in value(&random) }), nulls: nulls)
        }
    }

    func batch(_ random: inout SplitMix64, rows: Int) -> RecordBatch {
        RecordBatch(columns: (0..<Int(random.next() % 4)).map { _ in column(&random, rows: rows) }, rowCount: rows)
    }

    func partial(_ random: inout SplitMix64) -> PartialResult {
        var partial = PartialResult()
        let groups = Int(random.next() % 6)
        partial.keys = batch(&random, rows: groups)
        partial.states = (0..<Int(random.next() % 3)).map { _ in (0..<Int(random.next() % 3)).map { _ in column(&random, rows: groups) } }
        partial.rows = batch(&random, rows: Int(random.next() % 4))
        partial.metrics.inputRows = Int(random.next() % 1_000_000)
        partial.metrics.malformedRecords = Int(random.next() % 10)
        partial.metrics.lateRowsDropped = Int(random.next() % 10)
        partial.metrics.nullTimeRowsDropped = Int(random.next() % 10)
        partial.metrics.maxEventTimeMicros = random.next() % 2 == 0 ? nil : Int64(bitPattern: random.next())
        return partial
    }

    @Test func randomPartialResultsRoundTrip() throws {
        var random = SplitMix64(state: 7)
        for _ in 0..<2_000 {
            let original = partial(&random)
            let bytes = PartialResultCodec.encode(original)
            #expect(try PartialResultCodec.decode(bytes) == original)
            #expect(PartialResultCodec.encode(try PartialResultCodec.decode(bytes)) == bytes)
        }
    }

    /// A window and a string key; a count and an average.
    let layout = AggregateLayout(
        keyTypes: [.timestamp, .timestamp, .string], windowColumn: 0, windowSizeMicros: 10, stateTypes: [[.bigint], [.double, .bigint]])

    func state(_ random: inout SplitMix64) -> AggregateState {
        let groups = Int(random.next() % 8)
        var state = AggregateState()
        let starts = (0..<groups).map { Int64($0) * 10 }
        state.keys = RecordBatch(
            columns: [
                ColumnVector(type: .timestamp, storage: .int64(starts)),
                ColumnVector(type: .timestamp, storage: .int64(starts.map { $0 + 10 })),
                column(&random, rows: groups).conformed(to: .string),
            ], rowCount: groups)
        state.states = [
            [ColumnVector(type: .bigint, storage: .int64((0..<groups).map { _ in Int64(random.next() % 100) }))],
            [
                ColumnVector(type: .double, storage: .double((0..<groups).map { _ in Double(random.next() % 100) })),
                ColumnVector(type: .bigint, storage: .int64((0..<groups).map { _ in Int64(random.next() % 100) })),
            ],
        ]
        state.watermarkMicros = random.next() % 2 == 0 ? nil : Int64(bitPattern: random.next())
        return state
    }

    @Test func aggregationStatesRoundTrip() throws {
        var random = SplitMix64(state: 3)
        for _ in 0..<500 {
            let state = state(&random)
            let bytes = PartialResultCodec.encode(state)
            #expect(PartialResultCodec.isState(bytes))
            #expect(try PartialResultCodec.decodeState(bytes, layout: layout) == state)
            #expect(throws: ExecError.self) { try PartialResultCodec.decodeState(Array(bytes.dropLast()), layout: layout) }
        }
    }

    /// `SAS1`, the state's form before columns: rows of values with i32 counts.
    func legacyBytes(_ state: LegacyAggregateState) -> [UInt8] {
        var bytes = Array("SAS1".utf8)
        func i32(_ value: Int) { withUnsafeBytes(of: Int32(value).littleEndian) { bytes += $0 } }
        func i64(_ value: Int64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        func put(_ value: Value) {
            switch value {
            case .null: bytes.append(0)
            case .bigint(let number): bytes.append(3); i64(number)
            case .double(let number): bytes.append(4); i64(Int64(bitPattern: number.bitPattern))
            case .string(let text): bytes.append(6); i32(text.utf8.count); bytes += text.utf8
            case .composite(let values): bytes.append(8); i32(values.count); values.forEach(put)
            case .timestamp(let micros): bytes.append(9); i64(micros)
            default: Issue.record("no legacy encoding of \(value) in this test")
            }
        }
        func rows(_ rows: [[Value]]) {
            i32(rows.count)
            for row in rows { i32(row.count); row.forEach(put) }
        }
        bytes.append(state.watermarkMicros == nil ? 0 : 1)
        i64(state.watermarkMicros ?? 0)
        let groups = Array(state.groups)
        rows(groups.map(\.key))
        i32(groups.count)
        for group in groups { rows(group.value) }
        return bytes
    }

    var legacyState: LegacyAggregateState {
        var state = LegacyAggregateState()
        state.watermarkMicros = 25
        state.groups[[.composite([.timestamp(10), .timestamp(20)]), .string("b")]] = [[.bigint(3)], [.double(4.5), .bigint(2)]]
        state.groups[[.composite([.timestamp(0), .timestamp(10)]), .null]] = [[.bigint(1)], [.double(0), .bigint(0)]]
        state.groups[[.composite([.timestamp(0), .timestamp(10)]), .string("a")]] = [[.bigint(7)], [.double(-1), .bigint(1)]]
        return state
    }

    /// Checkpoints of earlier versions hold states as rows, binary (`SAS1`) or JSON: read into
    /// columns, with the same groups and states, keys in their order.
    @Test func statesOfEarlierVersionsAreReadIntoColumns() throws {
        let expected = legacyState
        let fromBinary = try PartialResultCodec.decodeState(legacyBytes(expected), layout: layout)
        let fromJSON = try JSONDecoder().decode(LegacyAggregateState.self, from: JSONEncoder().encode(expected)).converted(to: layout)
        for state in [fromBinary, fromJSON] {
            #expect(state.watermarkMicros == 25)
            #expect(state.valueRows(layout) == expected.groups)
            #expect(state.keys.columns[0].storage == .int64([0, 0, 10]))
            #expect(state.keys.columns[2].rowValuesOfColumn == [.null, .string("a"), .string("b")])
            #expect(state.states[0][0].storage == .int64([1, 7, 3]))
        }
        #expect(fromBinary == fromJSON)
        // Written again, it is in the current form and reads back the same.
        #expect(try PartialResultCodec.decodeState(PartialResultCodec.encode(fromBinary), layout: layout) == fromBinary)
    }

    @Test func truncatedOrPaddedBytesAreRefused() throws {
        var random = SplitMix64(state: 11)
        for _ in 0..<50 {
            let bytes = PartialResultCodec.encode(partial(&random))
            for cut in 0..<bytes.count {
                #expect(throws: ExecError.self) { try PartialResultCodec.decode(Array(bytes[0..<cut])) }
            }
            #expect(throws: ExecError.self) { try PartialResultCodec.decode(bytes + [0]) }
        }
        #expect(throws: ExecError.self) { try PartialResultCodec.decode(Array("JSON".utf8)) }
    }

    @Test func randomMutationsNeverCrash() {
        var random = SplitMix64(state: 19)
        for _ in 0..<1_000 {
            var bytes = PartialResultCodec.encode(partial(&random))
            for _ in 0..<3 { bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next()) }
            if let decoded = try? PartialResultCodec.decode(bytes) {
                #expect(decoded.keys.columns.allSatisfy { $0.count == decoded.keys.rowCount })
            }
        }
    }
}

extension ColumnVector {
    /// Every row's value.
    var rowValuesOfColumn: [Value] { (0..<count).map { value(at: $0) } }
}
