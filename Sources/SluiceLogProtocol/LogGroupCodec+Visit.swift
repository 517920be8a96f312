/// Allocation-free reading for fast readers: visit logs as borrowed byte ranges instead of
/// decoding them into `LogRecord` values.
extension LogGroupCodec {
    /// Calls `body` once per log of a `LogGroup`, in order (a `walk` that drops the header).
    ///
    /// Each log is validated (as `decode` would) before `body` sees it, so iterating the
    /// `LogContentsView` cannot fail. The view borrows `group`; it must not escape `body`.
    /// Logs before a malformed part of the group have already been visited when this throws.
    ///
    /// - Parameters:
    ///   - group: One encoded `LogGroup`.
    ///   - body: Called with each log's time and its content pairs.
    /// - Throws: `LogProtocolError` for input `decode` would reject, or whatever `body` throws.
    public static func forEachLog(
        in group: UnsafeRawBufferPointer, _ body: (_ time: UInt32, _ contents: LogContentsView) throws -> Void
    ) throws {
        _ = try walk(group, onLog: body)
    }
}
