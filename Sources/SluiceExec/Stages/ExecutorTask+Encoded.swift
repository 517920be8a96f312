import SluiceCore

extension ExecutorTask {
    /// The task in one call, as an executor sends it to the driver: the partial result of
    /// `batch` given the epoch's watermark, with the records the source found malformed while it
    /// read the batch counted in, as `PartialResultCodec`'s bytes.
    ///
    /// - Parameters:
    ///   - batch: The source rows (columns = the scan's attributes).
    ///   - watermarkMicros: The epoch's watermark, if any: older rows are dropped.
    ///   - sourceMalformedRecords: Records the source counted malformed while reading `batch`.
    /// - Returns: The encoded partial result.
    /// - Throws: `ExecError` when the stage fails.
    public func encodedPartial(_ batch: RecordBatch, watermarkMicros: Int64?, sourceMalformedRecords: Int) throws -> [UInt8] {
        var partial = try run(batch, watermarkMicros: watermarkMicros)
        partial.metrics.malformedRecords += sourceMalformedRecords
        return PartialResultCodec.encode(partial)
    }
}
