/// Size limits of the SLS wire formats handled by this module.
public enum LogProtocolLimits {
    /// The most decimal digits a cursor position can have (`Int64.max` has 19).
    public static let maxCursorDigits = 19
    /// The longest encoded cursor: base64 of `maxCursorDigits` bytes, padded.
    public static let maxEncodedCursorLength = (maxCursorDigits + 2) / 3 * 4
}
