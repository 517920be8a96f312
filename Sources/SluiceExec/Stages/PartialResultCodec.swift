import SluiceCore

/// The binary form of task results and of the aggregation state, written and read with
/// `SluiceCore`'s `ByteWriter` and `ByteReader` (their column forms, `ByteWriter+Columns`).
///
/// A partial result: magic `SPR2`; the metrics (`inputRows`, `malformedRecords`,
/// `lateRowsDropped`, `nullTimeRowsDropped` as i64; a boolean and an i64 for
/// `maxEventTimeMicros`); the key batch; a count of aggregates, each its state columns (a
/// count, then columns of the key batch's length); the row batch.
///
/// A state (the checkpoint's `state/<epoch>`): magic `SAS2`; the watermark (a boolean and an
/// i64); the key batch; the aggregates' state columns as in a partial result. States of the
/// previous form (`SAS1`, rows of values) are read by `LegacyStateCodec`.
public enum PartialResultCodec {
    static let magic: [UInt8] = Array("SPR2".utf8)
    static let stateMagic: [UInt8] = Array("SAS2".utf8)

    /// The bytes of `partial`.
    public static func encode(_ partial: PartialResult) -> [UInt8] {
        var writer = ByteWriter(capacity: 256 + estimatedBytes(partial.keys) + estimatedBytes(partial.rows))
        writer.raw(magic)
        let metrics = partial.metrics
        for counter in [metrics.inputRows, metrics.malformedRecords, metrics.lateRowsDropped, metrics.nullTimeRowsDropped] {
            writer.i64(Int64(counter))
        }
        writer.bool(metrics.maxEventTimeMicros != nil)
        writer.i64(metrics.maxEventTimeMicros ?? 0)
        writer.batch(partial.keys)
        writer.count(partial.states.count)
        for columns in partial.states { writer.columns(columns) }
        writer.batch(partial.rows)
        return writer.bytes
    }

    /// The partial result in `bytes`.
    /// - Throws: `ExecError` when the bytes are not a whole, well-formed partial result.
    public static func decode(_ bytes: [UInt8]) throws -> PartialResult {
        guard bytes.starts(with: magic) else {
            throw ExecError(.malformedData, "a task result is not a partial result of this version (wrong magic)")
        }
        do throws(ByteFormatError) {
            var reader = ByteReader(bytes)
            _ = try reader.raw(magic.count, "magic")
            var partial = PartialResult()
            partial.metrics.inputRows = try reader.int("inputRows")
            partial.metrics.malformedRecords = try reader.int("malformedRecords")
            partial.metrics.lateRowsDropped = try reader.int("lateRowsDropped")
            partial.metrics.nullTimeRowsDropped = try reader.int("nullTimeRowsDropped")
            let hasMax = try reader.bool("hasMaxEventTime")
            let max = try reader.i64("maxEventTimeMicros")
            partial.metrics.maxEventTimeMicros = hasMax ? max : nil
            partial.keys = try reader.batch("keys")
            partial.states = try states(&reader, groups: partial.keys.rowCount)
            partial.rows = try reader.batch("rows")
            try reader.finish("a partial result")
            return partial
        } catch {
            throw ExecError(.malformedData, "a task result is malformed: \(error.message)")
        }
    }

    /// The bytes of an aggregation's state.
    public static func encode(_ state: AggregateState) -> [UInt8] {
        var writer = ByteWriter(capacity: 64 + estimatedBytes(state.keys))
        writer.raw(stateMagic)
        writer.bool(state.watermarkMicros != nil)
        writer.i64(state.watermarkMicros ?? 0)
        writer.batch(state.keys)
        writer.count(state.states.count)
        for columns in state.states { writer.columns(columns) }
        return writer.bytes
    }

    /// Whether `bytes` hold an aggregation state in this codec's form or the previous one.
    public static func isState(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: stateMagic) || bytes.starts(with: LegacyStateCodec.magic)
    }

    /// The aggregation state in `bytes`, in `layout`'s columns (a state of the previous form is
    /// converted).
    /// - Throws: `ExecError` when the bytes are not a whole, well-formed state.
    public static func decodeState(_ bytes: [UInt8], layout: AggregateLayout) throws -> AggregateState {
        if bytes.starts(with: LegacyStateCodec.magic) {
            return try LegacyStateCodec.decode(bytes).converted(to: layout)
        }
        guard bytes.starts(with: stateMagic) else { throw ExecError(.malformedData, "an aggregation state has the wrong magic") }
        let decoded: AggregateState
        do throws(ByteFormatError) {
            var reader = ByteReader(bytes)
            _ = try reader.raw(stateMagic.count, "magic")
            var state = AggregateState()
            let hasWatermark = try reader.bool("hasWatermark")
            let watermark = try reader.i64("watermarkMicros")
            state.watermarkMicros = hasWatermark ? watermark : nil
            state.keys = try reader.batch("keys")
            state.states = try states(&reader, groups: state.keys.rowCount)
            try reader.finish("an aggregation state")
            decoded = state
        } catch {
            throw ExecError(.malformedData, "an aggregation state is malformed: \(error.message)")
        }
        return try decoded.conformed(to: layout)
    }

    private static func states(_ reader: inout ByteReader, groups: Int) throws(ByteFormatError) -> [[ColumnVector]] {
        var states: [[ColumnVector]] = []
        for index in 0..<(try reader.count("aggregates")) {
            states.append(try reader.columns("aggregate \(index) states", rowCount: groups))
        }
        return states
    }

    /// A lower bound of a batch's bytes, to size the buffer once.
    private static func estimatedBytes(_ batch: RecordBatch) -> Int {
        batch.columns.reduce(0) { total, column in
            if case .string(let strings) = column.storage { return total + strings.bytes.count + 5 * batch.rowCount }
            return total + 9 * batch.rowCount
        }
    }
}
