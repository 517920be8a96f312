extension ValueParsing {
    /// Seconds in a day.
    public static let secondsPerDay = 86_400
    /// Microseconds in a second.
    public static let microsecondsPerSecond: Int64 = 1_000_000

    /// Whether `year` is a leap year of the proleptic Gregorian calendar.
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days of `month` (1...12) in `year`; 0 for a month outside 1...12.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// Days from 1970-01-01 to `year`-`month`-`day` in the proleptic Gregorian calendar
    /// (negative before it). Howard Hinnant's `days_from_civil`: years counted from March, in
    /// eras of 400 years (146,097 days).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let marchYear = month <= 2 ? year - 1 : year
        let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
        let yearOfEra = marchYear - era * 400  // 0...399
        let marchMonth = month > 2 ? month - 3 : month + 9  // March is 0
        let dayOfYear = (153 * marchMonth + 2) / 5 + day - 1  // 0...365
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear  // 0...146096
        return era * 146_097 + dayOfEra - 719_468  // 719,468 days from 0000-03-01 to 1970-01-01
    }
}
