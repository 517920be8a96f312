import SluiceCore

/// Decimal text to `Double`, giving exactly what `Double(String)` gives, without a `String` in the
/// common case.
///
/// Accepted: `[+-]digits[.digits][(e|E)[+-]digits]`, where either side of the point may be empty
/// but not both (`5.` and `.5` are numbers, as for `Double(String)` and Java's `toDouble`); and,
/// through `Double(String)`, the spellings of infinity and NaN (`inf`, `infinity`, `nan`, any case,
/// with a sign). Everything else is `nil`: empty text, whitespace, hexadecimal, trailing garbage.
///
/// When the decimal mantissa has at most 15 significant digits and its power of ten is within ±22,
/// the value is the mantissa (exact in a `Double`) multiplied or divided by an exact power of ten:
/// one correctly rounded operation, so the result is the correctly rounded value, bit for bit
/// (Clinger's fast path). Other numbers go to `Double(String)`.
public enum FastDouble {
    /// Most significant decimal digits the fast path takes: 10^15 < 2^53, so the mantissa is exact.
    static let fastPathDigitsMax = 15
    /// Largest power of ten, either sign, the fast path scales by: 10^22 is the largest exact one.
    static let fastPathExponentMax = 22
    /// Beyond this the exponent is not accumulated any further; such numbers take the slow path.
    static let exponentAccumulatedMax = 1_000_000_000

    /// 10^0 … 10^22, each exactly representable.
    static let powersOfTen = ExactPowersOfTen.table

    /// The number spelled by `bytes` (UTF-8), as `Double(String)` would read it, or `nil` when
    /// `bytes` is not a number (see the type's documentation for the accepted spellings).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = bytes.count
        var position = 0
        var negative = false
        if position < count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
            negative = bytes[position] == UInt8(ascii: "-")
            position += 1
        }
        let afterSign = position

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
                    if significantDigits <= fastPathDigitsMax {
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
        guard mantissaDigits > 0 else {
            // Not a decimal number; perhaps `inf` or `nan`, which only `Double(String)` spells.
            guard afterSign < count, isASCIILetter(bytes[afterSign]) else { return nil }
            return slowPath(bytes)
        }

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
        guard !exponentTooLarge, significantDigits <= fastPathDigitsMax,
            power >= -fastPathExponentMax, power <= fastPathExponentMax
        else {
            return slowPath(bytes)
        }
        var value = Double(mantissa)
        if power < 0 {
            value /= powersOfTen[-power]
        } else {
            value *= powersOfTen[power]
        }
        return negative ? -value : value
    }

    /// `Double(String)` on the bytes; `nil` for text with a NUL, which `Double(String)` would cut.
    static func slowPath(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        if bytes.contains(0) {
            return nil
        }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    /// Whether `byte` is `A`…`Z` or `a`…`z`.
    static func isASCIILetter(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
    }
}
