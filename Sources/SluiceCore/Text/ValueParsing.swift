/// Conversions from the text of one value, as UTF-8 bytes, to a column's storage.
///
/// Each function reads all of `text` (no surrounding whitespace is skipped) and returns `nil`
/// when it is not a valid value of the kind asked for. None allocates, except the rare
/// slow path of `double(_:)` and `decimal(_:precision:scale:)`.
public enum ValueParsing {
    /// The range of values of an integral type (`tinyint`, `smallint`, `int`, `bigint`);
    /// `nil` for other types.
    public static func integerRange(of type: DataType) -> ClosedRange<Int64>? {
        switch type {
        case .tinyint: return Int64(Int8.min)...Int64(Int8.max)
        case .smallint: return Int64(Int16.min)...Int64(Int16.max)
        case .int: return Int64(Int32.min)...Int64(Int32.max)
        case .bigint: return Int64.min...Int64.max
        default: return nil
        }
    }

    /// An integer: an optional `+` or `-`, then decimal digits; `nil` when the text is not
    /// one or its value is outside `range`.
    public static func integer(_ text: UnsafeBufferPointer<UInt8>, in range: ClosedRange<Int64> = Int64.min...Int64.max)
        -> Int64?
    {
        var index = 0
        var negative = false
        if index < text.count && (text[index] == Byte.minus || text[index] == Byte.plus) {
            negative = text[index] == Byte.minus
            index += 1
        }
        guard index < text.count else { return nil }
        // Accumulated as a negative number, so that Int64.min fits.
        var value: Int64 = 0
        while index < text.count {
            let digit = text[index] &- Byte.zero
            guard digit < 10 else { return nil }
            let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowDigit) = shifted.subtractingReportingOverflow(Int64(digit))
            guard !overflowShift && !overflowDigit else { return nil }
            value = next
            index += 1
        }
        if !negative {
            guard value != Int64.min else { return nil }
            value = -value
        }
        return range.contains(value) ? value : nil
    }

    /// A boolean: `true` or `false`, in any case.
    public static func boolean(_ text: UnsafeBufferPointer<UInt8>) -> Bool? {
        if equalsIgnoringCase(text, "true") { return true }
        if equalsIgnoringCase(text, "false") { return false }
        return nil
    }

    /// A double: `[+|-] digits [. digits] [(e|E) [+|-] digits]` (digits on at least one side of
    /// the point), or one of the words `specialDouble(_:)` accepts.
    ///
    /// Numbers are read by `FastDouble`, correctly rounded, so the result is the same as
    /// `Double(String)`'s.
    public static func double(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        FastDouble.parse(text) ?? specialDouble(text)
    }

    /// The non-numeric doubles Spark's JSON and CSV readers accept: `NaN`, and infinities
    /// spelled `Inf`, `INF` or `Infinity`, with an optional `+` or `-`.
    public static func specialDouble(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let first = text.first else { return nil }
        if Byte.matches(text, "NaN") { return .nan }
        let signed = first == Byte.plus || first == Byte.minus
        let word = signed ? UnsafeBufferPointer(rebasing: text[1...]) : text
        guard Byte.matches(word, "Inf") || Byte.matches(word, "INF") || Byte.matches(word, "Infinity") else {
            return nil
        }
        return first == Byte.minus ? -Double.infinity : Double.infinity
    }

    /// A decimal of type `decimal(precision, scale)`, as the nearest double: the number (in
    /// `double(_:)`'s syntax, without the special words) rounded half up to `scale` digits after
    /// the point; `nil` when the rounded value needs more than `precision` digits.
    ///
    /// Values whose unscaled form does not fit in 64 bits are not rounded, only range-checked.
    public static func decimal(_ text: UnsafeBufferPointer<UInt8>, precision: Int, scale: Int) -> Double? {
        DecimalNumber(text)?.decimalValue(text, precision: precision, scale: scale)
    }

    /// Seconds since the epoch, in `double(_:)`'s syntax (fraction and exponent allowed), as
    /// microseconds; digits beyond the microsecond are truncated toward zero. `nil` when the
    /// value does not fit in 64 bits.
    public static func epochSecondsToMicroseconds(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        // The common case first: whole seconds, `-?digits`, few enough digits not to overflow.
        let negative = text.first == Byte.minus
        let digits = text.count - (negative ? 1 : 0)
        if digits > 0, digits <= plainSecondsDigitsMax {
            var seconds: Int64 = 0
            var plain = true
            for byte in UnsafeBufferPointer(rebasing: text[(negative ? 1 : 0)...]) {
                let digit = byte &- Byte.zero
                plain = plain && digit < 10
                seconds = seconds &* 10 &+ Int64(digit)
            }
            if plain { return (negative ? -seconds : seconds) * 1_000_000 }
        }
        return DecimalNumber(text)?.scaledInteger(text, shift: 6, roundHalfUp: false)
    }

    /// Most digits of whole seconds converted without `DecimalNumber`: 10^12 s in microseconds
    /// fits in 64 bits.
    static let plainSecondsDigitsMax = 12

    /// Whether `text`, ASCII letters folded, equals the lower-case `word`.
    static func equalsIgnoringCase(_ text: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        word.withUTF8Buffer { word in
            guard word.count == text.count else { return false }
            for index in 0..<word.count where Byte.lowered(text[index]) != word[index] {
                return false
            }
            return true
        }
    }
}
