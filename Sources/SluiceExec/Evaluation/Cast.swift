import SluiceCore

/// Spark's casts (non-ANSI): a value that does not convert becomes NULL.
public enum Cast {
    /// `value` of type `source` cast to `target`.
    public static func value(_ value: Value, from source: DataType, to target: DataType, utcOffsetSeconds: Int) -> Value {
        if value == .null || source == target { return value }
        switch target {
        case .string: return string(value, from: source, utcOffsetSeconds: utcOffsetSeconds).map { .string($0) } ?? .null
        case .boolean: return boolean(value).map { .boolean($0) } ?? .null
        case .tinyint, .smallint, .int, .bigint: return integer(value, to: target)
        case .float, .double, .decimal: return number(value).map { .double($0) } ?? .null
        case .timestamp: return timestamp(value, from: source, utcOffsetSeconds: utcOffsetSeconds).map { .timestamp($0) } ?? .null
        case .date:
            // A string's date is the one written, whatever its time and zone (Spark's `stringToDate`).
            if case .string(let s) = value {
                return CivilTime.parseDate(s).flatMap { Int32(exactly: $0) }.map { .date($0) } ?? .null
            }
            guard let micros = timestamp(value, from: source, utcOffsetSeconds: utcOffsetSeconds) else { return .null }
            let local = micros + Int64(utcOffsetSeconds) * 1_000_000
            return .date(Int32(local.floorDivided(by: CivilTime.microsecondsPerDay)))
        case .array(let element):
            // Each element cast: `cast(split(s, ',') as array<double>)`.
            guard case .composite(let items) = value, case .array(let sourceElement) = source else { return value }
            return .composite(items.map { Cast.value($0, from: sourceElement, to: element, utcOffsetSeconds: utcOffsetSeconds) })
        default: return value
        }
    }

    /// Spark's text of a value.
    public static func string(_ value: Value, from source: DataType, utcOffsetSeconds: Int) -> String? {
        switch value {
        case .null: return nil
        case .string(let s): return s
        case .boolean(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .bigint(let i): return String(i)
        case .double(let d): return doubleText(d, type: source)
        case .decimal(let text, _, _): return text
        case .timestamp(let micros): return CivilTime.format(timestamp: micros, utcOffsetSeconds: utcOffsetSeconds)
        case .date(let days): return CivilTime.format(date: Int(days))
        case .interval(let interval): return interval.description
        case .composite(let values):
            var fieldTypes: [DataType] = []
            if case .struct(let fields) = source { fieldTypes = fields.map(\.type) }
            if case .array(let element) = source { fieldTypes = Array(repeating: element, count: values.count) }
            let parts = values.enumerated().map { index, element in
                string(element, from: index < fieldTypes.count ? fieldTypes[index] : element.dataType,
                       utcOffsetSeconds: utcOffsetSeconds) ?? "null"
            }
            return (source.isStructType ? "{" : "[") + parts.joined(separator: ", ") + (source.isStructType ? "}" : "]")
        }
    }

    /// Spark's (Java's) rendering of a double: the shortest digits that read back, plain between
    /// 10^-3 and 10^7 (`1.0`, `0.5`, `1234567.0`), scientific outside (`1.554260243E9`, `1.0E-4`).
    public static func doubleText(_ d: Double, type: DataType) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if case .decimal(_, let scale) = type { return decimalText(d, scale: scale) }
        let magnitude = abs(d)
        if magnitude == 0 || (magnitude >= 1e-3 && magnitude < 1e7) {
            let text = "\(d)"
            return text.contains(".") || text.contains("e") ? text : text + ".0"
        }
        let (digits, exponent) = shortestDigits(magnitude)
        let rest = digits.dropFirst()
        return (d < 0 ? "-" : "") + String(digits.first!) + "." + (rest.isEmpty ? "0" : String(rest)) + "E\(exponent)"
    }

    /// The shortest significant digits of a positive double (Swift's, as Java's) and the decimal
    /// exponent of the first one.
    private static func shortestDigits(_ value: Double) -> (String, Int) {
        let text = "\(value)"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let point = mantissa.firstIndex(of: ".") ?? mantissa.endIndex
        let integral = mantissa[..<point]
        let fraction = point < mantissa.endIndex ? mantissa[mantissa.index(after: point)...] : ""
        var digits = String(integral) + fraction
        var first = exponent + integral.count - 1
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            first -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (digits, first)
    }

    private static func decimalText(_ d: Double, scale: Int) -> String {
        guard scale > 0 else { return String(Int64(d.rounded())) }
        var factor = 1.0
        for _ in 0..<scale { factor *= 10 }
        let scaled = Int64((abs(d) * factor).rounded())
        let digits = String(scaled)
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        let point = padded.index(padded.endIndex, offsetBy: -scale)
        return (d < 0 ? "-" : "") + padded[..<point] + "." + padded[point...]
    }

    static func boolean(_ value: Value) -> Bool? {
        switch value {
        case .boolean(let b): return b
        case .int(let i): return i != 0
        case .bigint(let i): return i != 0
        case .double(let d): return d != 0
        case .string(let s):
            switch s.trimmingWhitespace().lowercased() {
            case "t", "true", "y", "yes", "1": return true
            case "f", "false", "n", "no", "0": return false
            default: return nil
            }
        default: return nil
        }
    }

    static func number(_ value: Value) -> Double? {
        switch value {
        case .string(let s):
            let trimmed = s.trimmingWhitespace()
            switch trimmed.lowercased() {
            case "nan": return .nan
            case "infinity", "inf", "+infinity", "+inf": return .infinity
            case "-infinity", "-inf": return -.infinity
            default: return Double(trimmed)
            }
        case .boolean(let b): return b ? 1 : 0
        case .timestamp(let micros): return Double(micros) / 1_000_000
        default: return value.double
        }
    }

    private static func integer(_ value: Value, to target: DataType) -> Value {
        var result: Int64?
        switch value {
        case .int(let i): result = Int64(i)
        case .bigint(let i): result = i
        case .boolean(let b): result = b ? 1 : 0
        case .timestamp(let micros): result = micros.floorDivided(by: 1_000_000)
        case .string(let s):
            let trimmed = s.trimmingWhitespace()
            result = Int64(trimmed) ?? Double(trimmed).flatMap { $0.isFinite && abs($0) < 9.2e18 ? Int64($0) : nil }
        default:
            if let d = value.double, d.isFinite, abs(d) < 9.2e18 { result = Int64(d) }
        }
        guard let result else { return .null }
        switch target {
        case .bigint: return .bigint(result)
        case .int: return Int32(exactly: result).map { .int($0) } ?? .int(Int32(truncatingIfNeeded: result))
        case .smallint: return .int(Int32(Int16(truncatingIfNeeded: result)))
        default: return .int(Int32(Int8(truncatingIfNeeded: result)))
        }
    }

    private static func timestamp(_ value: Value, from source: DataType, utcOffsetSeconds: Int) -> Int64? {
        switch value {
        case .timestamp(let micros): return micros
        case .date(let days): return Int64(days) * CivilTime.microsecondsPerDay - Int64(utcOffsetSeconds) * 1_000_000
        case .string(let s): return CivilTime.parseTimestamp(s, utcOffsetSeconds: utcOffsetSeconds)
        case .int(let seconds): return Int64(seconds) * 1_000_000
        case .bigint(let seconds): return seconds.multipliedReportingOverflow(by: 1_000_000).overflow ? nil : seconds * 1_000_000
        case .double(let seconds): return seconds.isFinite && abs(seconds) < 9.2e12 ? Int64(seconds * 1_000_000) : nil
        default: return nil
        }
    }
}

extension DataType {
    var isStructType: Bool {
        if case .struct = self { return true }
        return false
    }
}
