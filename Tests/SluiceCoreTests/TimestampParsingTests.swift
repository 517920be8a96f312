import SluiceCore
import Testing

@Suite struct TimestampParsingTests {
    /// 2019-04-03 02:57:23 UTC.
    let instant: Int64 = 1_554_260_243_000_000

    func timestamp(_ text: String, offset: Int = 0) -> Int64? {
        CivilTime.parseTimestamp(text, utcOffsetSeconds: offset)
    }

    func date(_ text: String) -> Int? {
        CivilTime.parseDate(text)
    }

    @Test func acceptsEverySparkDefaultForm() {
        #expect(timestamp("2019-04-03 02:57:23") == instant)
        #expect(timestamp("2019-04-03T02:57:23") == instant)
        #expect(timestamp("2019-04-03") == 1_554_249_600_000_000)
        #expect(timestamp("2019-04-03 02:57:23.5") == instant + 500_000)
        #expect(timestamp("2019-04-03 02:57:23.05") == instant + 50_000)
        #expect(timestamp("2019-04-03T02:57:23.123456") == instant + 123_456)
        #expect(timestamp("2019-04-03T02:57:23Z") == instant)
        #expect(timestamp("2019-04-03T02:57:23.000001Z") == instant + 1)
        #expect(timestamp("1970-01-01 00:00:00") == 0)
        #expect(timestamp("1969-12-31 23:59:59.999999") == -1)
    }

    @Test func explicitOffsetsWinOverTheSessionZone() {
        #expect(timestamp("2019-04-03T10:57:23+08:00") == instant)
        #expect(timestamp("2019-04-03 10:57:23+0800") == instant)
        #expect(timestamp("2019-04-02 21:57:23-05:00") == instant)
        #expect(timestamp("2019-04-03 08:27:23.5+05:30", offset: -3600) == instant + 500_000)
        #expect(timestamp("2019-04-03T02:57:23Z", offset: 28_800) == instant)
    }

    @Test func textWithoutOffsetIsInTheSessionZone() {
        #expect(timestamp("2019-04-03 10:57:23", offset: 28_800) == instant)
        #expect(timestamp("2019-04-02 21:57:23", offset: -18_000) == instant)
        let midnightInZone: Int64 = 1_554_249_600_000_000 - 28_800_000_000
        let parsed: Int64? = timestamp("2019-04-03", offset: 28_800)
        #expect(parsed == midnightInZone)
    }

    @Test func rejectsInvalidTimestamps() {
        let invalid = [
            "", "2019", "2019-04", "2019-13-01", "2019-00-10", "2019-02-29", "19-04-03", "2019-004-03",
            "2019-04-31", "2019-04-03 24:00:00", "2019-04-03 02:60:00", "2019-04-03 02:57:60", "2019-04-03 02",
            "2019-04-03X02:57:23", "2019-04-03 02:57:23.", "2019-04-03 02:57:23+8", "2019-04-03 02:57:23+08:0",
            "2019-04-03 02:57:23+08:", "2019-04-03 02:57:23+19:00", "2019-04-03 02:57:23+18:01",
            "2019-04-03 02:57:23+08:60", "2019-04-03 02:57:23z", "2019-04-03Z", "2019-04-03+08:00",
            "2019/04/03", "1234567-01-01",
        ]
        for text in invalid {
            #expect(timestamp(text) == nil, "\(text)")
        }
        #expect(timestamp("2020-02-29 00:00:00") != nil)
        #expect(timestamp("2019-04-03 02:57:23+18:00") == instant - 64_800_000_000)
    }

    /// The file readers' old copy took fixed widths only; the survivor is the casts' reader of
    /// Spark's `stringToTimestamp` forms, so a file and a cast now read these the same.
    @Test func acceptsSparksLooserForms() {
        #expect(timestamp("2019-4-3 2:57:23") == instant)
        #expect(timestamp("2019-04-3T02:57:23") == instant)
        #expect(timestamp("2019-04-03 02:57") == instant - 23_000_000)
        #expect(timestamp("  2019-04-03 02:57:23  ") == instant)
        #expect(timestamp("\t2019-04-03 02:57:23\r\n") == instant)
        #expect(timestamp("2019-04-03 02:57:23.1234567") == instant + 123_456)
        #expect(timestamp("2019-04-03 02:57:23.123456789123") == instant + 123_456)
        #expect(timestamp("2019-04-03 10:57:23+08") == instant)
        #expect(timestamp("2019-04-03 10:57+08:00") == instant - 23_000_000)
        #expect(timestamp("12019-04-03 02:57:23") != nil)
    }

    /// The casts' old copy trapped on arithmetic overflow past 64-bit microseconds.
    @Test func yearsBeyondTheRangeAreNoTimestamp() {
        #expect(timestamp("999999-12-31 23:59:59") == nil)
        #expect(timestamp("294247-01-10 04:00:54.775807") == Int64.max)
        #expect(timestamp("294247-01-10 04:00:54.775808") == nil)
        #expect(date("999999-12-31") == 364_522_971)
    }

    @Test func datesAreDaysSinceTheEpoch() {
        #expect(date("1970-01-01") == 0)
        #expect(date("2000-03-01") == 11017)
        #expect(date("1969-12-31") == -1)
        #expect(date("2400-02-29") == 157_113)
        #expect(date("2019-04-03 23:59:59") == 17989)
        #expect(date("2019-04-03T23:00:00-05:00") == 17989)
        #expect(date("1900-02-29") == nil)
        #expect(date("2019-04-03 25:00:00") == nil)
        #expect(date(" 2019-4-3 ") == 17989)
    }
}
