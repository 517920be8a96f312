import SluiceCore

/// A PullLogs cursor: a position within a shard, encoded as SLS clients expect.
///
/// On the wire a cursor is standard base64 (with padding) of the ASCII decimal of a
/// non-negative 64-bit position: position 0 is `MA==`. Clients decode it (the python SDK's
/// `get_previous_cursor_time`, the EMR loghub source), so positions must increase
/// monotonically within a shard. Only the canonical encoding is accepted: no leading zeros, no
/// sign, no whitespace, no stray padding bits.
public struct LogCursor: Equatable, Comparable, Hashable, Sendable, CustomStringConvertible {
    /// The position within the shard.
    public var position: Int64

    /// Creates the cursor for `position`.
    ///
    /// - Parameter position: A non-negative position.
    public init(position: Int64) {
        precondition(position >= 0, "negative cursor position \(position)")
        self.position = position
    }

    /// Parses an encoded cursor.
    ///
    /// - Parameter encoded: The cursor as sent by a client (already URL-decoded).
    /// - Throws: `LogProtocolError` unless `encoded` is the canonical encoding of a position in
    ///   `0...Int64.max`.
    public init(encoded: String) throws(LogProtocolError) {
        guard !encoded.isEmpty, encoded.utf8.count <= LogProtocolLimits.maxEncodedCursorLength,
            let digits = Base64.decode(encoded), !digits.isEmpty, digits.count <= LogProtocolLimits.maxCursorDigits
        else {
            throw LogProtocolError("invalid cursor \"\(encoded)\": not base64 of a decimal position")
        }
        var value: Int64 = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0") && digit <= UInt8(ascii: "9") else {
                throw LogProtocolError("invalid cursor \"\(encoded)\": not a non-negative decimal position")
            }
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = shifted.addingReportingOverflow(Int64(digit - UInt8(ascii: "0")))
            guard !overflowA && !overflowB else {
                throw LogProtocolError("invalid cursor \"\(encoded)\": position overflows int64")
            }
            value = sum
        }
        let cursor = LogCursor(position: value)
        guard cursor.encoded == encoded else {
            throw LogProtocolError("invalid cursor \"\(encoded)\": not in canonical form")
        }
        self = cursor
    }

    /// The wire form: base64 of the decimal position.
    public var encoded: String {
        Base64.encode(Array(String(position).utf8))
    }

    /// The wire form.
    public var description: String { encoded }

    /// Orders cursors by position.
    public static func < (lhs: LogCursor, rhs: LogCursor) -> Bool {
        lhs.position < rhs.position
    }
}
