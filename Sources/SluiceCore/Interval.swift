/// A calendar interval: whole months plus microseconds, like Spark's `CalendarInterval`
/// (days are folded into microseconds: windows and watermarks use fixed durations).
public struct Interval: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Whole months (`year` counts 12).
    public var months: Int64
    /// Microseconds.
    public var microseconds: Int64

    /// Creates an interval.
    public init(months: Int64 = 0, microseconds: Int64 = 0) {
        self.months = months
        self.microseconds = microseconds
    }

    /// The units an interval may be written in, with their size.
    public enum Unit: String, CaseIterable, Sendable {
        case year, month, week, day, hour, minute, second, millisecond, microsecond

        /// The unit named by `word`: singular or plural, any case (`SECONDS`, `Minute`).
        public init?(word: String) {
            var lower = word.lowercased()
            if lower.hasSuffix("s"), Unit(rawValue: String(lower.dropLast())) != nil { lower.removeLast() }
            guard let unit = Unit(rawValue: lower) else { return nil }
            self = unit
        }

        /// Microseconds in one of this unit, for fixed-length units.
        public var microseconds: Int64? {
            switch self {
            case .year, .month: return nil
            case .week: return 7 * 86_400_000_000
            case .day: return 86_400_000_000
            case .hour: return 3_600_000_000
            case .minute: return 60_000_000
            case .second: return 1_000_000
            case .millisecond: return 1_000
            case .microsecond: return 1
            }
        }
    }

    /// `count` of `unit`, or `nil` on overflow.
    public static func of(_ count: Double, _ unit: Unit) -> Interval? {
        switch unit {
        case .year: return months(count * 12)
        case .month: return months(count)
        default:
            let micros = count * Double(unit.microseconds!)
            guard micros.isFinite, abs(micros) < 9.2e18 else { return nil }
            return Interval(microseconds: Int64(micros.rounded()))
        }
    }

    private static func months(_ count: Double) -> Interval? {
        guard count.isFinite, abs(count) < 1e9, count == count.rounded() else { return nil }
        return Interval(months: Int64(count))
    }

    /// The sum of two intervals, or `nil` on overflow.
    public func adding(_ other: Interval) -> Interval? {
        let (m, o1) = months.addingReportingOverflow(other.months)
        let (u, o2) = microseconds.addingReportingOverflow(other.microseconds)
        return o1 || o2 ? nil : Interval(months: m, microseconds: u)
    }

    /// Parses Spark's interval strings: `10 seconds`, `1 minute 30 seconds`, `'2 minutes'`.
    public static func parse(_ text: String) -> Interval? {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if words.first?.lowercased() == "interval" { words.removeFirst() }
        guard !words.isEmpty, words.count % 2 == 0 else { return nil }
        var total = Interval()
        var index = 0
        while index < words.count {
            guard let count = Double(words[index]), let unit = Unit(word: words[index + 1]),
                let part = Interval.of(count, unit), let sum = total.adding(part)
            else { return nil }
            total = sum
            index += 2
        }
        return total
    }

    /// Whether this interval has a fixed length (no months).
    public var isFixedLength: Bool { months == 0 }

    /// Spark's rendering: `10 seconds`, `1 minutes 30 seconds`, `2 months`.
    public var description: String {
        var parts: [String] = []
        if months != 0 {
            let years = months / 12
            let rest = months % 12
            if years != 0 { parts.append("\(years) years") }
            if rest != 0 { parts.append("\(rest) months") }
        }
        var micros = microseconds
        let units: [(Int64, String)] = [
            (86_400_000_000, "days"), (3_600_000_000, "hours"), (60_000_000, "minutes"),
            (1_000_000, "seconds"), (1_000, "milliseconds"), (1, "microseconds"),
        ]
        for (size, name) in units where micros / size != 0 {
            parts.append("\(micros / size) \(name)")
            micros %= size
        }
        return parts.isEmpty ? "0 seconds" : parts.joined(separator: " ")
    }
}
