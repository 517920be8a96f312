import SluiceCore

/// When a streaming query runs its epochs (Spark's triggers).
public enum Trigger: Sendable, Equatable {
    /// Every `intervalMs` milliseconds (an epoch starts when the previous ends, at the earliest).
    case processingTime(intervalMs: Int)
    /// One epoch over what is available, then stop.
    case once
    /// Epochs until everything available at the start is processed, then stop.
    case availableNow

    /// The default: every second.
    public static let defaultTrigger = Trigger.processingTime(intervalMs: 1000)

    /// Parses `processing-time=1s`, `processingTime=500ms`, `1 second`, `once`, `available-now`.
    public init?(text: String) {
        let lower = text.lowercased().trimmingWhitespace()
        switch lower {
        case "once": self = .once
        case "available-now", "availablenow", "available_now": self = .availableNow
        default:
            var value = lower
            for prefix in ["processing-time=", "processingtime=", "processing_time="] where value.hasPrefix(prefix) {
                value.removeFirst(prefix.count)
            }
            guard let intervalMs = Trigger.milliseconds(value) else { return nil }
            self = .processingTime(intervalMs: intervalMs)
        }
    }

    private static func milliseconds(_ text: String) -> Int? {
        let compact = text.replacing(" ", with: "")
        let digits = compact.prefix { $0.isNumber || $0 == "." }
        guard let number = Double(digits), number >= 0 else { return nil }
        let unit = compact.dropFirst(digits.count)
        switch unit {
        case "ms", "millisecond", "milliseconds": return Int(number)
        case "", "s", "sec", "second", "seconds": return Int(number * 1000)
        case "m", "min", "minute", "minutes": return Int(number * 60_000)
        default: return nil
        }
    }
}
