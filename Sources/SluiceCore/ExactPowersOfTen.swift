/// Shared by the fast number parsers: a decimal mantissa below 2^53 scaled by one of these
/// exact powers is correctly rounded (Clinger's fast path), so it equals `Double(String)`.
public enum ExactPowersOfTen {
    /// 10^0 … 10^22, each exactly representable as a `Double`.
    public static let table: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
    /// The largest exponent in `table`.
    public static let exponentMax = 22
    /// Mantissas up to this (2^53) are exact in a `Double`.
    public static let mantissaLimit: UInt64 = 1 << 53
}
