import SluiceCore

/// The aggregation state as earlier versions kept it: rows of values per group key (a window key
/// as `.composite([start, end])`). Checkpoints written by them hold it as JSON (this type's
/// `Codable` form) or in the `SAS1` binary form; both are read and converted to columns.
public struct LegacyAggregateState: Sendable, Codable, Equatable {
    /// States per group key, per aggregate.
    public var groups: [[Value]: [[Value]]] = [:]
    /// The watermark, µs.
    public var watermarkMicros: Int64?

    /// An empty state.
    public init() {}

    /// The state in `layout`'s columns; group keys in the order of their values.
    public func converted(to layout: AggregateLayout) -> AggregateState {
        var state = AggregateState()
        state.watermarkMicros = watermarkMicros
        let keys = groups.keys.sorted { ValueOrder.compare(.composite($0), .composite($1)) < 0 }
        let rows = keys.map { layout.keyColumnValues($0) }
        state.keys = RecordBatch(
            columns: layout.keyTypes.indices.map { column in
                ColumnVector.from(rows.map { column < $0.count ? $0[column] : .null }, type: layout.keyTypes[column])
            },
            rowCount: keys.count)
        state.states = layout.stateTypes.enumerated().map { aggregate, types in
            types.enumerated().map { position, type in
                ColumnVector.from(
                    keys.map { key in
                        let states = groups[key] ?? []
                        return aggregate < states.count && position < states[aggregate].count ? states[aggregate][position] : .null
                    }, type: type)
            }
        }
        return state
    }
}

/// Reads the `SAS1` binary form of `LegacyAggregateState`: magic `SAS1`; the watermark (a byte
/// 0/1 and an i64); the keys as rows; a count; each group's states as rows. Rows are an i32
/// count of rows, each an i32 count of values; a value is a tag byte and its payload (0 null,
/// 1 boolean byte, 2 int i32, 3 bigint i64, 4 double bits, 5 decimal text with i64 precision
/// and scale, 6 string, 7 interval, 8 composite with an i32 count, 9 timestamp i64, 10 date
/// i32); texts are an i32 length and UTF-8. All little-endian.
enum LegacyStateCodec {
    static let magic: [UInt8] = Array("SAS1".utf8)

    /// The state in `bytes`.
    static func decode(_ bytes: [UInt8]) throws -> LegacyAggregateState {
        do throws(ByteFormatError) {
            var reader = ByteReader(bytes)
            _ = try reader.raw(magic.count, "magic")
            var state = LegacyAggregateState()
            let hasWatermark = try reader.u8("hasWatermark")
            let watermark = try reader.i64("watermarkMicros")
            state.watermarkMicros = hasWatermark == 1 ? watermark : nil
            let keys = try rows(&reader)
            let count = try self.count(&reader)
            guard count == keys.count else { throw ByteFormatError("\(keys.count) keys and \(count) states") }
            for key in keys { state.groups[key] = try rows(&reader) }
            try reader.finish("an aggregation state")
            return state
        } catch {
            throw ExecError(.malformedData, "an aggregation state is malformed: \(error.message)")
        }
    }

    private static func count(_ reader: inout ByteReader) throws(ByteFormatError) -> Int {
        let start = reader.offset
        let value = Int(try reader.i32("count"))
        guard value >= 0, value <= reader.remaining + 1 else { throw ByteFormatError("a bad count \(value) at offset \(start)") }
        return value
    }

    private static func text(_ reader: inout ByteReader) throws(ByteFormatError) -> String {
        let length = try count(&reader)
        return String(decoding: try reader.raw(length, "text"), as: UTF8.self)
    }

    private static func rows(_ reader: inout ByteReader) throws(ByteFormatError) -> [[Value]] {
        var rows: [[Value]] = []
        for _ in 0..<(try count(&reader)) {
            var row: [Value] = []
            for _ in 0..<(try count(&reader)) { row.append(try value(&reader)) }
            rows.append(row)
        }
        return rows
    }

    private static func value(_ reader: inout ByteReader) throws(ByteFormatError) -> Value {
        let start = reader.offset
        switch try reader.u8("value tag") {
        case 0: return .null
        case 1: return .boolean(try reader.u8("boolean") != 0)
        case 2: return .int(try reader.i32("int"))
        case 3: return .bigint(try reader.i64("bigint"))
        case 4: return .double(try reader.f64("double"))
        case 5:
            let text = try text(&reader)
            return .decimal(text, precision: Int(try reader.i64("precision")), scale: Int(try reader.i64("scale")))
        case 6: return .string(try text(&reader))
        case 7: return .interval(Interval(months: try reader.i64("months"), microseconds: try reader.i64("microseconds")))
        case 8:
            var values: [Value] = []
            for _ in 0..<(try count(&reader)) { values.append(try value(&reader)) }
            return .composite(values)
        case 9: return .timestamp(try reader.i64("timestamp"))
        case 10: return .date(try reader.i32("date"))
        case let tag: throw ByteFormatError("an unknown value tag \(tag) at offset \(start)")
        }
    }
}

extension AggregateState {
    /// The state as rows of values per group key (a window key as `.composite([start, end])`),
    /// the form of `LegacyAggregateState`.
    public func valueRows(_ layout: AggregateLayout) -> [[Value]: [[Value]]] {
        var groups: [[Value]: [[Value]]] = [:]
        for group in 0..<groupCount {
            let key = layout.keyValues(keys.columns.map { $0.value(at: group) })
            groups[key] = states.map { columns in columns.map { $0.value(at: group) } }
        }
        return groups
    }
}

extension PartialResult {
    /// A partial result of groups given as rows of values (a window key as `.composite([start,
    /// end])`), in `layout`'s columns.
    public init(keyRows: [[Value]], stateRows: [[[Value]]], layout: AggregateLayout) {
        self.init()
        let rows = keyRows.map { layout.keyColumnValues($0) }
        keys = RecordBatch(
            columns: layout.keyTypes.indices.map { column in ColumnVector.from(rows.map { $0[column] }, type: layout.keyTypes[column]) },
            rowCount: keyRows.count)
        states = layout.stateTypes.enumerated().map { aggregate, types in
            types.enumerated().map { position, type in
                ColumnVector.from(stateRows.map { $0[aggregate][position] }, type: type)
            }
        }
    }
}
