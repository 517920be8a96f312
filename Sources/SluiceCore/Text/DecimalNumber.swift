/// The parts of a number's text: `[+|-] digits [. digits] [(e|E) [+|-] digits]`, with digits
/// on at least one side of the point. Positions index the text the number was read from.
struct DecimalNumber {
    /// Explicit exponents are clamped to this magnitude; every value beyond it overflows or
    /// underflows anyway, and the clamp keeps exponent arithmetic from overflowing.
    static let exponentMagnitudeMax = 1 << 24

    /// Whether a `-` leads.
    let negative: Bool
    /// The digits before the point.
    let integerDigits: Range<Int>
    /// The digits after the point.
    let fractionDigits: Range<Int>
    /// The explicit exponent, 0 when there is none.
    let exponent: Int

    /// The parts of `text`, or `nil` when it is not a number in this syntax.
    init?(_ text: UnsafeBufferPointer<UInt8>) {
        let count = text.count
        var index = 0
        var negative = false
        if index < count && (text[index] == Byte.minus || text[index] == Byte.plus) {
            negative = text[index] == Byte.minus
            index += 1
        }
        let integerStart = index
        while index < count && text[index] &- Byte.zero < 10 { index += 1 }
        let integerDigits = integerStart..<index
        var fractionDigits = index..<index
        if index < count && text[index] == Byte.dot {
            index += 1
            let fractionStart = index
            while index < count && text[index] &- Byte.zero < 10 { index += 1 }
            fractionDigits = fractionStart..<index
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else { return nil }
        var exponent = 0
        if index < count && Byte.lowered(text[index]) == Byte.lowerE {
            index += 1
            var exponentNegative = false
            if index < count && (text[index] == Byte.minus || text[index] == Byte.plus) {
                exponentNegative = text[index] == Byte.minus
                index += 1
            }
            let exponentStart = index
            while index < count && text[index] &- Byte.zero < 10 {
                if exponent < Self.exponentMagnitudeMax { exponent = exponent * 10 + Int(text[index] &- Byte.zero) }
                index += 1
            }
            guard index > exponentStart else { return nil }
            exponent = min(exponent, Self.exponentMagnitudeMax)
            if exponentNegative { exponent = -exponent }
        }
        guard index == count else { return nil }
        self.negative = negative
        self.integerDigits = integerDigits
        self.fractionDigits = fractionDigits
        self.exponent = exponent
    }

    /// The number of digits, before and after the point.
    private var digitCount: Int { integerDigits.count + fractionDigits.count }

    /// Digit `k` of all digits, counting from the first, as a value 0...9.
    private func digit(_ text: UnsafeBufferPointer<UInt8>, _ k: Int) -> UInt8 {
        let integerCount = integerDigits.count
        let position = k < integerCount ? integerDigits.lowerBound + k : fractionDigits.lowerBound + (k - integerCount)
        return text[position] &- Byte.zero
    }

    /// The value times 10^`shift` as an integer, rounded half away from zero when `roundHalfUp`,
    /// else truncated toward zero; `nil` when it does not fit in `Int64`.
    func scaledInteger(_ text: UnsafeBufferPointer<UInt8>, shift: Int, roundHalfUp: Bool) -> Int64? {
        let count = digitCount
        // value × 10^shift = (all digits as an integer) × 10^scaleExponent
        let scaleExponent = exponent - fractionDigits.count + shift
        let kept = scaleExponent >= 0 ? count : count + scaleExponent
        var magnitude: Int64 = 0
        if kept > 0 {
            for k in 0..<kept {
                let (shifted, overflowShift) = magnitude.multipliedReportingOverflow(by: 10)
                let (next, overflowDigit) = shifted.addingReportingOverflow(Int64(digit(text, k)))
                guard !overflowShift && !overflowDigit else { return nil }
                magnitude = next
            }
        }
        if roundHalfUp && kept >= 0 && kept < count && digit(text, kept) >= 5 {
            let (next, overflow) = magnitude.addingReportingOverflow(1)
            guard !overflow else { return nil }
            magnitude = next
        }
        if scaleExponent > 0 && magnitude != 0 {
            for _ in 0..<scaleExponent {
                let (next, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                magnitude = next
            }
        }
        return negative ? -magnitude : magnitude
    }

    /// The value as a `decimal(precision, scale)`: rounded half up to `scale` digits, `nil` when
    /// it needs more than `precision` digits; then the nearest double.
    func decimalValue(_ text: UnsafeBufferPointer<UInt8>, precision: Int, scale: Int) -> Double? {
        guard let unscaled = scaledInteger(text, shift: scale, roundHalfUp: true) else {
            // Beyond 64 bits: only decimals of more than 18 digits can hold it.
            guard precision > 18 else { return nil }
            let value = FastDouble.parse(text) ?? 0
            var limit = 1.0
            for _ in 0..<max(0, precision - scale) { limit *= 10 }
            return abs(value) < limit ? value : nil
        }
        if precision <= 18 {
            var limit: UInt64 = 1
            for _ in 0..<max(0, precision) { limit *= 10 }
            guard unscaled.magnitude < limit else { return nil }
        }
        if unscaled.magnitude <= ExactPowersOfTen.mantissaLimit && scale >= 0 && scale <= ExactPowersOfTen.exponentMax {
            return Double(unscaled) / ExactPowersOfTen.table[scale]
        }
        return Double("\(unscaled)e\(-scale)") ?? 0
    }
}
