import Glibc
import SluiceCore

/// Row-wise implementations of the scalar built-ins, by canonical name. Each takes the
/// argument values of one row (already cast to the signature's types) and returns the result.
enum ScalarFunctionTable {
    typealias Implementation = @Sendable (_ arguments: [Value], _ context: EvaluationContext) -> Value

    static let all: [String: Implementation] = strings.merging(math) { a, _ in a }.merging(times) { a, _ in a }
        .merging(conditionals) { a, _ in a }

    static let conditionals: [String: Implementation] = [
        "if": { a, _ in a[0] == .boolean(true) ? a[1] : a[2] },
        "coalesce": { a, _ in a.first { $0 != .null } ?? .null },
        "nvl": { a, _ in a[0] != .null ? a[0] : a[1] },
        "nullif": { a, _ in a[0] != .null && ValueOrder.compare(a[0], a[1]) == 0 ? .null : a[0] },
        "greatest": { a, _ in a.filter { $0 != .null }.max { ValueOrder.compare($0, $1) < 0 } ?? .null },
        "least": { a, _ in a.filter { $0 != .null }.min { ValueOrder.compare($0, $1) < 0 } ?? .null },
        "array": { a, _ in .composite(a) },
        "named_struct": { a, _ in .composite(stride(from: 1, to: a.count, by: 2).map { a[$0] }) },
    ]

    static let strings: [String: Implementation] = [
        "concat_ws": { a, _ in
            guard case .string(let separator) = a[0] else { return .null }
            var parts: [String] = []
            for value in a.dropFirst() {
                switch value {
                case .string(let s): parts.append(s)
                case .composite(let items): parts += items.compactMap(\.string)
                default: break
                }
            }
            return .string(parts.joined(separator: separator))
        },
        "concat": { a, _ in
            var result = ""
            for value in a {
                guard case .string(let s) = value else { return .null }
                result += s
            }
            return .string(result)
        },
        "length": { a, _ in a[0].string.map { .int(Int32($0.count)) } ?? .null },
        "lower": { a, _ in a[0].string.map { .string($0.lowercased()) } ?? .null },
        "upper": { a, _ in a[0].string.map { .string($0.uppercased()) } ?? .null },
        "trim": { a, _ in a[0].string.map { .string(String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())) } ?? .null },
        "ltrim": { a, _ in a[0].string.map { .string(String($0.drop { $0 == " " })) } ?? .null },
        "rtrim": { a, _ in a[0].string.map { .string(String($0.reversed().drop { $0 == " " }.reversed())) } ?? .null },
        "substring": { a, _ in
            guard let s = a[0].string, let position = a[1].int64 else { return .null }
            let length = a.count > 2 ? a[2].int64 : Int64(Int32.max)
            guard let length else { return .null }
            return .string(StringFunctions.substring(s, position: position, length: length))
        },
        "split_part": { a, _ in
            guard let s = a[0].string, let delimiter = a[1].string, let part = a[2].int64, part != 0 else { return .null }
            let parts = delimiter.isEmpty ? [s] : s.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
            let index = part > 0 ? Int(part) - 1 : parts.count + Int(part)
            return .string(index >= 0 && index < parts.count ? parts[index] : "")
        },
        "split": { a, _ in
            guard let s = a[0].string, let pattern = a[1].string, let regex = try? Regex(pattern) else { return .null }
            let limit = a.count > 2 ? Int(a[2].int64 ?? -1) : -1
            var parts = s.split(separator: regex, maxSplits: limit > 0 ? limit - 1 : Int.max, omittingEmptySubsequences: false)
                .map { Value.string(String($0)) }
            if limit <= 0 { while parts.count > 1, parts.last == .string("") { parts.removeLast() } }
            return .composite(parts)
        },
        "instr": { a, _ in
            guard let s = a[0].string, let needle = a[1].string else { return .null }
            guard let range = s.firstRange(of: needle) else { return .int(needle.isEmpty ? 1 : 0) }
            return .int(Int32(s.distance(from: s.startIndex, to: range.lowerBound) + 1))
        },
        "regexp_extract": { a, _ in
            guard let s = a[0].string, let pattern = a[1].string, let regex = try? Regex(pattern) else { return .null }
            let group = a.count > 2 ? Int(a[2].int64 ?? 1) : 1
            guard let match = s.firstMatch(of: regex) else { return .string("") }
            guard group >= 0, group < match.output.count else { return .null }
            return .string(match.output[group].substring.map(String.init) ?? "")
        },
        "regexp_replace": { a, _ in
            guard let s = a[0].string, let pattern = a[1].string, let replacement = a[2].string,
                let regex = try? Regex(pattern)
            else { return .null }
            return .string(StringFunctions.replace(s, regex, with: replacement))
        },
    ]

    static let math: [String: Implementation] = [
        "abs": { a, _ in
            switch a[0] {
            case .int(let v): return .int(v == .min ? v : Swift.abs(v))
            case .bigint(let v): return .bigint(v == .min ? v : Swift.abs(v))
            case .double(let v): return .double(Swift.abs(v))
            default: return .null
            }
        },
        "round": { a, _ in MathFunctions.round(a[0], places: a.count > 1 ? Int(a[1].int64 ?? 0) : 0) },
        "floor": { a, _ in a[0].double.map { MathFunctions.integral(Glibc.floor($0)) } ?? .null },
        "ceil": { a, _ in a[0].double.map { MathFunctions.integral(Glibc.ceil($0)) } ?? .null },
        "exp": { a, _ in a[0].double.map { .double(Glibc.exp($0)) } ?? .null },
        "ln": { a, _ in a[0].double.flatMap { $0 > 0 ? .double(Glibc.log($0)) : nil } ?? .null },
        "log": { a, _ in
            if a.count == 1 { return a[0].double.flatMap { $0 > 0 ? .double(Glibc.log($0)) : nil } ?? .null }
            guard let base = a[0].double, let x = a[1].double, base > 0, x > 0 else { return .null }
            return .double(Glibc.log(x) / Glibc.log(base))
        },
        "log10": { a, _ in a[0].double.flatMap { $0 > 0 ? .double(Glibc.log10($0)) : nil } ?? .null },
        "log2": { a, _ in a[0].double.flatMap { $0 > 0 ? .double(Glibc.log2($0)) : nil } ?? .null },
        "pow": { a, _ in
            guard let x = a[0].double, let y = a[1].double else { return .null }
            return .double(Glibc.pow(x, y))
        },
        "sqrt": { a, _ in a[0].double.map { .double($0.squareRoot()) } ?? .null },
    ]

    static let times: [String: Implementation] = [
        "current_timestamp": { _, context in .timestamp(context.currentTimestampMicros) },
        "current_date": { _, context in
            let local = context.currentTimestampMicros + Int64(context.utcOffsetSeconds) * 1_000_000
            return .date(Int32(local.floorDivided(by: CivilTime.microsecondsPerDay)))
        },
        "from_unixtime": { a, context in
            guard let seconds = a[0].int64 else { return .null }
            let pattern = a.count > 1 ? a[1].string : "yyyy-MM-dd HH:mm:ss"
            guard let pattern else { return .null }
            return .string(DateFormat.format(seconds * 1_000_000, pattern: pattern, utcOffsetSeconds: context.utcOffsetSeconds))
        },
        "date_format": { a, context in
            guard case .timestamp(let micros) = a[0], let pattern = a[1].string else { return .null }
            return .string(DateFormat.format(micros, pattern: pattern, utcOffsetSeconds: context.utcOffsetSeconds))
        },
        "to_timestamp": { a, context in
            guard let text = a[0].string else { return .null }
            let micros = a.count > 1
                ? a[1].string.flatMap { DateFormat.parse(text, pattern: $0, utcOffsetSeconds: context.utcOffsetSeconds) }
                : CivilTime.parseTimestamp(text, utcOffsetSeconds: context.utcOffsetSeconds)
            return micros.map { .timestamp($0) } ?? .null
        },
        "unix_timestamp": { a, context in
            guard let first = a.first else { return .bigint(context.currentTimestampMicros.floorDivided(by: 1_000_000)) }
            var micros: Int64?
            switch first {
            case .timestamp(let value): micros = value
            case .date(let days): micros = Int64(days) * CivilTime.microsecondsPerDay - Int64(context.utcOffsetSeconds) * 1_000_000
            case .string(let text):
                let pattern = a.count > 1 ? a[1].string : "yyyy-MM-dd HH:mm:ss"
                micros = pattern.flatMap { DateFormat.parse(text, pattern: $0, utcOffsetSeconds: context.utcOffsetSeconds) }
            default: micros = nil
            }
            return micros.map { .bigint($0.floorDivided(by: 1_000_000)) } ?? .null
        },
    ]
}

/// Helpers of the string functions.
enum StringFunctions {
    /// Every match of `regex` in `s` replaced, with `$n` in `replacement` standing for group n
    /// and `\\$` for a dollar sign, as Java's `replaceAll`.
    static func replace(_ s: String, _ regex: Regex<AnyRegexOutput>, with replacement: String) -> String {
        s.replacing(regex) { match in
            var result = ""
            var characters = replacement[...]
            while let character = characters.first {
                characters = characters.dropFirst()
                if character == "\\", let next = characters.first {
                    result.append(next)
                    characters = characters.dropFirst()
                } else if character == "$", let digit = characters.first?.wholeNumberValue {
                    characters = characters.dropFirst()
                    if digit < match.output.count, let group = match.output[digit].substring { result += group }
                } else {
                    result.append(character)
                }
            }
            return result
        }
    }

    /// Spark's `substring`: 1-based, negative positions count from the end, position 0 acts as 1.
    static func substring(_ s: String, position: Int64, length: Int64) -> String {
        let characters = Array(s)
        let count = Int64(characters.count)
        var start = position > 0 ? position - 1 : (position < 0 ? count + position : 0)
        var end = length < 0 ? start : start + length
        if start < 0 {
            start = 0
        }
        end = min(max(end, start), count)
        guard start < count, length > 0 else { return "" }
        return String(characters[Int(start)..<Int(end)])
    }
}

/// Helpers of the math functions.
enum MathFunctions {
    static func integral(_ value: Double) -> Value {
        value.isFinite && Swift.abs(value) < 9.2e18 ? .bigint(Int64(value)) : .null
    }

    /// `round` half-up (away from zero) to `places` decimal places, keeping the value's type.
    static func round(_ value: Value, places: Int) -> Value {
        switch value {
        case .double(let d):
            guard d.isFinite else { return value }
            let factor = Glibc.pow(10.0, Double(places))
            return .double((d * factor).rounded(.toNearestOrAwayFromZero) / factor)
        case .int(let i):
            guard places < 0 else { return value }
            let factor = Glibc.pow(10.0, Double(-places))
            return .int(Int32(truncatingIfNeeded: Int64((Double(i) / factor).rounded(.toNearestOrAwayFromZero) * factor)))
        case .bigint(let i):
            guard places < 0 else { return value }
            let factor = Glibc.pow(10.0, Double(-places))
            return .bigint(Int64((Double(i) / factor).rounded(.toNearestOrAwayFromZero) * factor))
        default: return .null
        }
    }
}
