/// A UTC calendar date and time of day, to and from Unix seconds with `CivilTime`'s
/// days-from-civil arithmetic (proleptic Gregorian calendar, no time zones, no leap seconds).
public struct CivilDateTime: Equatable, Sendable {
    /// The year; 0 is 1 BC.
    public var year: Int
    /// 1...12.
    public var month: Int
    /// 1...31.
    public var day: Int
    /// 0...23.
    public var hour: Int
    /// 0...59.
    public var minute: Int
    /// 0...59.
    public var second: Int

    /// The date and time of `epochSeconds`.
    ///
    /// - Parameter epochSeconds: Seconds since 1970-01-01T00:00:00Z, either sign.
    public init(epochSeconds: Int64) {
        let days = epochSeconds.floorDivided(by: Int64(CivilTime.secondsPerDay))
        let secondOfDay = Int(epochSeconds - days * Int64(CivilTime.secondsPerDay))
        let date = CivilTime.civil(days: Int(days))
        self.init(
            year: date.year, month: date.month, day: date.day, hour: secondOfDay / 3600,
            minute: secondOfDay / 60 % 60, second: secondOfDay % 60)
    }

    /// A date and time from its fields, unchecked (see `isValid`).
    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Whether every field is in range (day within its month, no leap second).
    public var isValid: Bool {
        (1...12).contains(month) && day >= 1 && day <= CivilTime.daysIn(month: month, year: year)
            && (0...23).contains(hour) && (0...59).contains(minute) && (0...59).contains(second)
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int {
        CivilTime.days(year: year, month: month, day: day)
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    public var epochSeconds: Int64 {
        Int64(daysSinceEpoch) * Int64(CivilTime.secondsPerDay) + Int64(hour * 3600 + minute * 60 + second)
    }

    /// 0 = Sunday … 6 = Saturday.
    public var weekday: Int {
        CivilTime.weekday(days: daysSinceEpoch)
    }
}
