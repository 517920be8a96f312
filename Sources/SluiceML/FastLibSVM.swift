/// The common case of LIBSVM features in one pass: space-separated `i:v` with plain decimal
/// values. It declines (returns `false`) on anything else, and the caller takes the exact,
/// error-reporting path; when it accepts, its result is bit for bit that path's result.
enum FastLibSVM {
    /// Exact powers of ten: `Double(m) / tens[s]` is correctly rounded for `m < 2^53`, `s <= 22`.
    static let tens: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Largest mantissa the exact path takes.
    static let mantissaMax: UInt64 = 1 << 53

    /// The value of `bytes[start..<end]` when it is `[+-]digits[.digits]` within the exact range.
    @inline(__always)
    static func plainNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
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
        guard digits > 0, mantissa < mantissaMax, scale <= 22 else { return nil }
        let value = scale == 0 ? Double(mantissa) : Double(mantissa) / tens[scale]
        return negative ? -value : value
    }

    /// Adds `value * coefficients[i - 1]` for each `i:value` of `bytes` to `dot`, in order.
    /// - Returns: `false` when the text is not in the common form or breaks a rule (index 0,
    ///   not ascending, above `coefficients.count`); `dot` and `previous` are then meaningless.
    @inline(__always)
    static func accumulate(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, coefficients: UnsafeBufferPointer<Double>,
        previous: inout Int, dot: inout Double
    ) -> Bool {
        var index = start
        let count = bytes.count
        let limit = coefficients.count
        while index < count {
            if bytes[index] == 0x20 {
                index += 1
                continue
            }
            var feature = 0
            let indexStart = index
            while index < count {
                let digit = bytes[index] &- 0x30
                guard digit <= 9 else { break }
                feature = feature &* 10 &+ Int(digit)
                index += 1
            }
            guard index - indexStart > 0, index - indexStart < 10, index < count, bytes[index] == UInt8(ascii: ":"),
                feature > previous, feature <= limit
            else { return false }
            index += 1
            let valueStart = index
            while index < count, bytes[index] != 0x20 { index += 1 }
            guard let value = plainNumber(bytes, valueStart, index) else { return false }
            dot += value * coefficients[feature - 1]
            previous = feature
        }
        return true
    }

    /// Whether `bytes[start..<end]` is a label the exact path reads as a number.
    @inline(__always)
    static func isPlainLabel(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        end > start && plainNumber(bytes, start, end) != nil
    }
}
