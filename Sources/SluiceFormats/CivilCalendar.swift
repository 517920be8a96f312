import SluiceCore

extension ValueParsing {
    /// Seconds in a day.
    public static let secondsPerDay = 86_400
    /// Microseconds in a second.
    public static let microsecondsPerSecond: Int64 = 1_000_000

    /// Whether `year` is a leap year of the proleptic Gregorian calendar.
    public static func isLeapYear(_ year: Int) -> Bool {
        CivilTime.daysIn(month: 2, year: year) == 29
    }

    /// The number of days of `month` (1...12) in `year`; 0 for a month outside 1...12.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        (1...12).contains(month) ? CivilTime.daysIn(month: month, year: year) : 0
    }

    /// Days from 1970-01-01 to `year`-`month`-`day` in the proleptic Gregorian calendar
    /// (negative before it). Howard Hinnant's `days_from_civil`: years counted from March, in
    /// eras of 400 years (146,097 days).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        CivilTime.days(year: year, month: month, day: day)
    }
}
