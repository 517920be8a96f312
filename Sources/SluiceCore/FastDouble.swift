/// Decimal text to `Double`, giving exactly what `Double(String)` gives, in one pass and without a
/// `String` in the common case: the one number reader of the file readers, the model UDF, the
/// model file and the casts.
///
/// Accepted: `[+-]digits[.digits][(e|E)[+-]digits]`, where either side of the point may be empty
/// but not both (`5.` and `.5` are numbers, as for `Double(String)` and Java's `toDouble`).
/// Everything else is `nil`: empty text, whitespace, words (`NaN`, `Infinity`: each reader
/// accepts its own spellings of those), hexadecimal, trailing garbage.
///
/// When the decimal mantissa has at most 19 significant digits and is at most 2^53, and its power
/// of ten is within ±22, the value is the mantissa (exact in a `Double`) multiplied or divided by
/// an exact power of ten: one correctly rounded operation, so the result is the correctly rounded
/// value, bit for bit (Clinger's fast path). Other numbers go to `Double(String)`.
public enum FastDouble {
    /// Most significant decimal digits accumulated: 10^19 < 2^64, so the mantissa cannot wrap.
    @usableFromInline static let mantissaDigitsMax = 19
    /// Beyond this the exponent is not accumulated any further; such numbers take the slow path.
    @usableFromInline static let exponentAccumulatedMax = 1_000_000_000

    /// The number spelled by `bytes` (UTF-8), as `Double(String)` would read it, or `nil` when
    /// `bytes` is not a decimal number (see the type's documentation for the accepted spellings).
    ///
    /// - Parameter bytes: The whole text of the number; nothing is skipped.
    /// - Returns: The correctly rounded value (±infinity or ±0 beyond the range), or `nil`.
    @inlinable
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = bytes.count
        var position = 0
        var negative = false
        if position < count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
            negative = bytes[position] == UInt8(ascii: "-")
            position += 1
        }

        // Mantissa: digits with at most one point.
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var mantissaDigits = 0
        var fractionDigits = 0
        var sawPoint = false
        while position < count {
            let byte = bytes[position]
            let digit = byte &- UInt8(ascii: "0")
            if digit <= 9 {
                if significantDigits > 0 || digit != 0 {
                    significantDigits += 1
                    if significantDigits <= mantissaDigitsMax {
                        mantissa = mantissa &* 10 &+ UInt64(digit)
                    }
                }
                mantissaDigits += 1
                if sawPoint {
                    fractionDigits += 1
                }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            position += 1
        }
        guard mantissaDigits > 0 else { return nil }

        // Exponent.
        var exponent = 0
        var exponentTooLarge = false
        if position < count, (bytes[position] | 0x20) == UInt8(ascii: "e") {
            position += 1
            var exponentNegative = false
            if position < count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                exponentNegative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            let exponentStart = position
            while position < count {
                let digit = bytes[position] &- UInt8(ascii: "0")
                guard digit <= 9 else { break }
                if exponent <= exponentAccumulatedMax {
                    exponent = exponent * 10 + Int(digit)
                } else {
                    exponentTooLarge = true
                }
                position += 1
            }
            guard position > exponentStart else { return nil }
            if exponentNegative {
                exponent = -exponent
            }
        }
        guard position == count else { return nil }

        let power = exponent - fractionDigits
        guard !exponentTooLarge, significantDigits <= mantissaDigitsMax, mantissa <= ExactPowersOfTen.mantissaLimit,
            power >= -ExactPowersOfTen.exponentMax, power <= ExactPowersOfTen.exponentMax
        else {
            return slowPath(bytes, negative: negative, overflows: exponent > 0)
        }
        var value = Double(mantissa)
        if power < 0 {
            value /= ExactPowersOfTen.table[-power]
        } else {
            value *= ExactPowersOfTen.table[power]
        }
        return negative ? -value : value
    }

    /// `Double(String)` on text already checked to be a decimal number; should it still refuse,
    /// the number is beyond the range: ±infinity for a positive exponent, else ±0.
    @usableFromInline
    static func slowPath(_ bytes: UnsafeBufferPointer<UInt8>, negative: Bool, overflows: Bool) -> Double {
        if let value = Double(String(decoding: bytes, as: UTF8.self)) { return value }
        let magnitude = overflows ? Double.infinity : 0
        return negative ? -magnitude : magnitude
    }
}
