import SluiceLogProtocol
import SluiceTestSupport
import Testing

@Suite struct HTTPDateTests {
    /// Epochs and their RFC 1123 and compact forms (computed independently with python's
    /// `email.utils.formatdate` and `strftime`).
    private static let known: [(Int64, String, String)] = [
        (0, "Thu, 01 Jan 1970 00:00:00 GMT", "19700101T000000Z"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT", "20000229T000000Z"),
        (1_700_000_000, "Tue, 14 Nov 2023 22:13:20 GMT", "20231114T221320Z"),
        (1_795_688_346, "Thu, 26 Nov 2026 10:19:06 GMT", "20261126T101906Z"),
        (4_102_444_799, "Thu, 31 Dec 2099 23:59:59 GMT", "20991231T235959Z"),
    ]

    @Test func knownDatesFormatAndParse() {
        for (epoch, rfc1123, compact) in Self.known {
            #expect(HTTPDate.format(epochSeconds: epoch) == rfc1123)
            #expect(HTTPDate.parse(rfc1123) == epoch)
            #expect(HTTPDate.formatCompact(epochSeconds: epoch) == compact)
            #expect(HTTPDate.parseCompact(compact) == epoch)
        }
    }

    @Test func randomEpochsRoundTrip() {
        var random = SplitMix64(state: 1123)
        for _ in 0..<2000 {
            let epoch = Int64.random(in: 0...4_102_444_800, using: &random)
            let text = HTTPDate.format(epochSeconds: epoch)
            #expect(text.utf8.count == 29, "\(text)")
            #expect(HTTPDate.parse(text) == epoch, "\(text)")
            #expect(HTTPDate.parseCompact(HTTPDate.formatCompact(epochSeconds: epoch)) == epoch)
        }
    }

    @Test func consecutiveDaysAdvanceTheWeekday() {
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        for day in Int64(0)..<800 {
            let text = HTTPDate.format(epochSeconds: day * 86_400)
            #expect(text.hasPrefix(weekdays[Int(day % 7)] + ","), "\(text)")
        }
    }

    @Test func malformedDatesAreRejected() {
        let inputs = [
            "",
            "Thu, 26 Nov 2026 10:19:06 UTC",
            "Thu, 26 Nov 2026 10:19:06 GMT ",
            " Thu, 26 Nov 2026 10:19:06 GMT",
            "Thu, 6 Nov 2026 10:19:06 GMT",
            "Thu 26 Nov 2026 10:19:06 GMT ",
            "Fri, 26 Nov 2026 10:19:06 GMT",  // wrong weekday
            "thu, 26 Nov 2026 10:19:06 GMT",
            "Thu, 26 nov 2026 10:19:06 GMT",
            "Thu, 26 Now 2026 10:19:06 GMT",
            "Mon, 31 Nov 2026 10:19:06 GMT",  // 30 days hath November
            "Sun, 29 Feb 2026 10:19:06 GMT",  // not a leap year
            "Thu, 00 Nov 2026 10:19:06 GMT",
            "Thu, 26 Nov 2026 24:19:06 GMT",
            "Thu, 26 Nov 2026 10:60:06 GMT",
            "Thu, 26 Nov 2026 10:19:60 GMT",
            "Thu, 26 Nov 2026 10-19-06 GMT",
            "Thu, 26 Nov 20x6 10:19:06 GMT",
            "Thu, 26 Nov 2026 10:19:+6 GMT",
            "20261126T101906Z",
        ]
        for input in inputs {
            #expect(HTTPDate.parse(input) == nil, "\(input)")
        }
    }

    @Test func malformedCompactDatesAreRejected() {
        let inputs = [
            "", "20261126T101906", "20261126T101906z", "20261126 101906Z", "20261326T101906Z", "20261100T101906Z",
            "20260229T101906Z", "20261126T241906Z", "2026112GT101906Z", "20261126T1019060Z",
            "Thu, 26 Nov 2026 10:19:06 GMT",
        ]
        for input in inputs {
            #expect(HTTPDate.parseCompact(input) == nil, "\(input)")
        }
    }
}
