import SluiceCore

/// A compact binary form of `PartialResult`, for task results crossing from executors to the
/// driver: much faster to write and read than JSON, which dominated the driver's time.
///
/// Layout (little-endian): magic `SPR1`; the metrics (`inputRows`, `malformedRecords`,
/// `lateRowsDropped`, `nullTimeRowsDropped` as i64; a byte 0/1 and an i64 for
/// `maxEventTimeMicros`); then `keys`, `states` and `rows` as nested counted lists of values.
/// A value is a tag byte and its payload: 0 null, 1 boolean (byte), 2 int (i32), 3 bigint (i64),
/// 4 double (its bits), 5 decimal (text, precision i64, scale i64), 6 string (length u32 + UTF-8),
/// 7 interval (months i64, microseconds i64), 8 composite (count u32 + values), 9 timestamp (i64),
/// 10 date (i32).
public enum PartialResultCodec {
    static let magic: [UInt8] = Array("SPR1".utf8)

    /// The bytes of `partial`.
    public static func encode(_ partial: PartialResult) -> [UInt8] {
        var writer = Writer()
        writer.bytes.append(contentsOf: magic)
        let metrics = partial.metrics
        for counter in [metrics.inputRows, metrics.malformedRecords, metrics.lateRowsDropped, metrics.nullTimeRowsDropped] {
            writer.int64(Int64(counter))
        }
        writer.byte(metrics.maxEventTimeMicros == nil ? 0 : 1)
        writer.int64(metrics.maxEventTimeMicros ?? 0)
        writer.rows(partial.keys)
        writer.count(partial.states.count)
        for group in partial.states { writer.rows(group) }
        writer.rows(partial.rows)
        return writer.bytes
    }

    /// The partial result in `bytes`.
    /// - Throws: `ExecError` when the bytes are not a whole, well-formed partial result.
    public static func decode(_ bytes: [UInt8]) throws -> PartialResult {
        var reader = Reader(bytes: bytes)
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw ExecError(.malformedData, "a task result is not a partial result (wrong magic)")
        }
        reader.position = magic.count
        var partial = PartialResult()
        partial.metrics.inputRows = Int(try reader.int64())
        partial.metrics.malformedRecords = Int(try reader.int64())
        partial.metrics.lateRowsDropped = Int(try reader.int64())
        partial.metrics.nullTimeRowsDropped = Int(try reader.int64())
        let hasMax = try reader.byte()
        let max = try reader.int64()
        partial.metrics.maxEventTimeMicros = hasMax == 1 ? max : nil
        partial.keys = try reader.rows()
        partial.states = try (0..<reader.count()).map { _ in try reader.rows() }
        partial.rows = try reader.rows()
        guard reader.position == bytes.count else { throw ExecError(.malformedData, "a task result has \(bytes.count - reader.position) bytes too many") }
        return partial
    }

    static let stateMagic: [UInt8] = Array("SAS1".utf8)

    /// The bytes of an aggregation's state (the checkpoint's `state/<epoch>`): magic `SAS1`, the
    /// watermark (a byte 0/1 and an i64), then the group keys and their states as in a partial
    /// result.
    public static func encode(_ state: AggregateState) -> [UInt8] {
        var writer = Writer()
        writer.bytes.append(contentsOf: stateMagic)
        writer.byte(state.watermarkMicros == nil ? 0 : 1)
        writer.int64(state.watermarkMicros ?? 0)
        let groups = Array(state.groups)
        writer.rows(groups.map(\.key))
        writer.count(groups.count)
        for group in groups { writer.rows(group.value) }
        return writer.bytes
    }

    /// Whether `bytes` hold an aggregation state in this codec's form.
    public static func isState(_ bytes: [UInt8]) -> Bool {
        bytes.count >= stateMagic.count && Array(bytes[0..<stateMagic.count]) == stateMagic
    }

    /// The aggregation state in `bytes`.
    /// - Throws: `ExecError` when the bytes are not a whole, well-formed state.
    public static func decodeState(_ bytes: [UInt8]) throws -> AggregateState {
        guard isState(bytes) else { throw ExecError(.malformedData, "an aggregation state has the wrong magic") }
        var reader = Reader(bytes: bytes)
        reader.position = stateMagic.count
        var state = AggregateState()
        let hasWatermark = try reader.byte()
        let watermark = try reader.int64()
        state.watermarkMicros = hasWatermark == 1 ? watermark : nil
        let keys = try reader.rows()
        let count = try reader.count()
        guard count == keys.count else { throw ExecError(.malformedData, "an aggregation state has \(keys.count) keys and \(count) states") }
        for key in keys { state.groups[key] = try reader.rows() }
        guard reader.position == bytes.count else { throw ExecError(.malformedData, "an aggregation state has bytes too many") }
        return state
    }

    struct Writer {
        var bytes: [UInt8] = []

        mutating func byte(_ value: UInt8) { bytes.append(value) }

        mutating func int64(_ value: Int64) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }

        mutating func int32(_ value: Int32) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }

        mutating func count(_ value: Int) { int32(Int32(truncatingIfNeeded: value)) }

        mutating func text(_ value: String) {
            var value = value
            value.withUTF8 { utf8 in
                count(utf8.count)
                bytes.append(contentsOf: utf8)
            }
        }

        mutating func rows(_ rows: [[Value]]) {
            count(rows.count)
            for row in rows {
                count(row.count)
                for value in row { self.value(value) }
            }
        }

        mutating func value(_ value: Value) {
            switch value {
            case .null: byte(0)
            case .boolean(let flag): byte(1); byte(flag ? 1 : 0)
            case .int(let number): byte(2); int32(number)
            case .bigint(let number): byte(3); int64(number)
            case .double(let number): byte(4); int64(Int64(bitPattern: number.bitPattern))
            case .decimal(let text, let precision, let scale): byte(5); self.text(text); int64(Int64(precision)); int64(Int64(scale))
            case .string(let text): byte(6); self.text(text)
            case .interval(let interval): byte(7); int64(interval.months); int64(interval.microseconds)
            case .composite(let values): byte(8); count(values.count); for element in values { self.value(element) }
            case .timestamp(let micros): byte(9); int64(micros)
            case .date(let days): byte(10); int32(days)
            }
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var position = 0

        mutating func take(_ count: Int) throws -> Range<Int> {
            guard count >= 0, bytes.count - position >= count else { throw ExecError(.malformedData, "a task result is truncated") }
            defer { position += count }
            return position..<(position + count)
        }

        mutating func byte() throws -> UInt8 { bytes[try take(1).lowerBound] }

        mutating func int64() throws -> Int64 {
            let range = try take(8)
            return bytes.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(fromByteOffset: range.lowerBound, as: Int64.self)) }
        }

        mutating func int32() throws -> Int32 {
            let range = try take(4)
            return bytes.withUnsafeBytes { Int32(littleEndian: $0.loadUnaligned(fromByteOffset: range.lowerBound, as: Int32.self)) }
        }

        mutating func count() throws -> Int {
            let value = Int(try int32())
            guard value >= 0, value <= bytes.count - position + 1 else { throw ExecError(.malformedData, "a task result has a bad count \(value)") }
            return value
        }

        mutating func text() throws -> String {
            let range = try take(try count())
            return String(decoding: bytes[range], as: UTF8.self)
        }

        mutating func rows() throws -> [[Value]] {
            try (0..<count()).map { _ in try (0..<count()).map { _ in try value() } }
        }

        mutating func value() throws -> Value {
            switch try byte() {
            case 0: return .null
            case 1: return .boolean(try byte() != 0)
            case 2: return .int(try int32())
            case 3: return .bigint(try int64())
            case 4: return .double(Double(bitPattern: UInt64(bitPattern: try int64())))
            case 5:
                let text = try text()
                return .decimal(text, precision: Int(try int64()), scale: Int(try int64()))
            case 6: return .string(try text())
            case 7:
                let months = try int64()
                return .interval(Interval(months: months, microseconds: try int64()))
            case 8: return .composite(try (0..<count()).map { _ in try value() })
            case 9: return .timestamp(try int64())
            case 10: return .date(try int32())
            case let tag: throw ExecError(.malformedData, "a task result has an unknown value tag \(tag)")
            }
        }
    }
}
