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
    /// Mantissas below this (2^53) are exact in a `Double`.
    public static let mantissaLimit: UInt64 = 1 << 53
}

/// `[+-]digits[.digits]` read exactly (Clinger's fast path): the common spelling of numbers in
/// records, shared by the casts and the model UDF; other spellings are left to slower readers.
public enum PlainDecimal {
    /// The value of `bytes[start..<end]`, or nil when it is not that spelling or not exact
    /// (more than 18 digits, a mantissa of 2^53 or more, more than 22 digits after the point).
    @inlinable
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var index = start
        var negative = false
        if index < end, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        var point = false
        while index < end {
            let byte = bytes[index]
            let digit = byte &- 0x30
            if digit <= 9 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
                digits += 1
                if point { scale += 1 }
                if digits > 18 { return nil }
            } else if byte == UInt8(ascii: "."), !point {
                point = true
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0, mantissa < ExactPowersOfTen.mantissaLimit, scale <= ExactPowersOfTen.exponentMax else {
            return nil
        }
        let value = scale == 0 ? Double(mantissa) : Double(mantissa) / ExactPowersOfTen.table[scale]
        return negative ? -value : value
    }
}
