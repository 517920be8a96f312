import Testing

@testable import SluiceCore

@Suite struct CalendarTests {
    @Test func daysFromCivilMatchesKnownDates() {
        #expect(CivilTime.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilTime.days(year: 2000, month: 3, day: 1) == 11017)
        #expect(CivilTime.days(year: 1969, month: 12, day: 31) == -1)
        // 2000-03-01 plus one 400-year cycle of 146,097 days is 2400-03-01; the day before is the leap day.
        #expect(CivilTime.days(year: 2400, month: 2, day: 29) == 11017 + 146_097 - 1)
        #expect(CivilTime.days(year: 2019, month: 4, day: 3) == 17989)
        #expect(CivilTime.days(year: 1, month: 1, day: 1) == -719_162)
        #expect(CivilTime.days(year: 0, month: 3, day: 1) == -719_468)
    }

    @Test func consecutiveDatesAreConsecutiveDays() {
        var previous = CivilTime.days(year: 1599, month: 12, day: 31)
        var mismatches: [String] = []
        for year in 1600...2400 {
            for month in 1...12 {
                for day in 1...CivilTime.daysIn(month: month, year: year) {
                    let days = CivilTime.days(year: year, month: month, day: day)
                    if days != previous + 1 { mismatches.append("\(year)-\(month)-\(day)") }
                    previous = days
                }
            }
        }
        #expect(mismatches == [])
    }

    @Test func leapYearsFollowTheGregorianRule() {
        #expect(CivilTime.isLeapYear(2000))
        #expect(CivilTime.isLeapYear(2024))
        #expect(!CivilTime.isLeapYear(1900))
        #expect(!CivilTime.isLeapYear(2019))
        #expect(CivilTime.daysIn(month: 2, year: 1900) == 28)
        #expect(CivilTime.daysIn(month: 2, year: 2400) == 29)
        // Outside 1...12 there are no days (the Formats copy said 0, the Core one said 31).
        #expect(CivilTime.daysIn(month: 13, year: 2019) == 0)
        #expect(CivilTime.daysIn(month: 0, year: 2019) == 0)
    }

    @Test func weekdaysCountFromTheEpochsThursday() {
        #expect(CivilTime.weekday(days: 0) == 4)
        #expect(CivilTime.weekday(days: -1) == 3)
        #expect(CivilTime.weekday(days: -4) == 0)
        #expect(CivilTime.weekday(days: 17989) == 3)  // 2019-04-03, a Wednesday
    }

    @Test func dateTimesRoundTripThroughEpochSeconds() {
        let time = CivilDateTime(epochSeconds: -1)
        #expect(time == CivilDateTime(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59))
        #expect(time.weekday == 3)
        for seconds in stride(from: Int64(-100_000_000_000), through: 100_000_000_000, by: 7_777_777) {
            #expect(CivilDateTime(epochSeconds: seconds).epochSeconds == seconds)
            #expect(CivilDateTime(epochSeconds: seconds).isValid)
        }
        #expect(!CivilDateTime(year: 2019, month: 2, day: 29, hour: 0, minute: 0, second: 0).isValid)
        #expect(!CivilDateTime(year: 2019, month: 13, day: 1, hour: 0, minute: 0, second: 0).isValid)
        #expect(!CivilDateTime(year: 2019, month: 1, day: 1, hour: 24, minute: 0, second: 0).isValid)
    }
}
