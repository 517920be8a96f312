import SluiceCluster
import Testing

@Suite struct LogThrottleTests {
    @Test func aBurstIsReportedOnceASecondWithItsCount() {
        var throttle = LogThrottle(intervalMillis: 1_000)
        #expect(throttle.note(now: 10_000) == 1, "the first event is reported at once")
        var reported: [Int] = []
        for millis in stride(from: 10_001, to: 12_500, by: 5) {
            if let count = throttle.note(now: Int64(millis)) { reported.append(count) }
        }
        #expect(reported == [201, 200], "one line a second, each with the count since the last")
        #expect(throttle.due(now: 13_000) == nil, "the last line was at 12 001")
        #expect(throttle.due(now: 13_001) == 99, "the burst's tail comes with the next tick")
        #expect(throttle.due(now: 20_000) == nil, "nothing pending, nothing said")
        #expect(throttle.total == 1 + 500)
        #expect(throttle.note(now: 20_001) == 1)
    }
}
