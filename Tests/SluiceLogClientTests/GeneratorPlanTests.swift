import SluiceLogClient
import SluiceLogProtocol
import Testing

/// What `sluice generate` writes, decided without a server: record times, groups and flipped labels.
struct GeneratorPlanTests {
    @Test func generatorPlanTimesAreDeterministic() throws {
        let rows = LabeledRow.parse("# a comment\n1 1:0.5 2:0.25\n\n0 3:1\n  1.0 4:2 5:3  \n0\n")
        #expect(
            rows == [
                LabeledRow(label: "1", features: "1:0.5 2:0.25"), LabeledRow(label: "0", features: "3:1"),
                LabeledRow(label: "1.0", features: "4:2 5:3"), LabeledRow(label: "0", features: ""),
            ])
        let plan = GeneratorPlan(rows: rows, records: 23, batch: 5, startTime: 1_700_000_000, eventRate: 3)
        #expect(plan.groupCount == 5)
        for index in 0..<23 {
            #expect(plan.time(ofRecord: index, now: 99) == 1_700_000_000 + Int64(index / 3))
        }
        var record = 0
        for number in 0..<plan.groupCount {
            let group = plan.group(number, now: 99)
            #expect(group.logs.count == (number < 4 ? 5 : 3))
            #expect(group.topic == "sluice-generate")
            for log in group.logs {
                let row = rows[record % rows.count]
                #expect(log.time == UInt32(1_700_000_000 + record / 3))
                #expect(log.contents == [LogContent(key: "label", value: row.label), LogContent(key: "features", value: row.features)])
                record += 1
            }
        }
        #expect(record == 23)
        let wallClock = GeneratorPlan(rows: rows, records: 4, batch: 4, startTime: nil, eventRate: 1)
        #expect(wallClock.time(ofRecord: 3, now: 1234) == 1234)
        #expect(wallClock.group(0, now: 1234).logs.allSatisfy { $0.time == 1234 })
    }

    @Test func flippedLabelsAreAboutTheFractionAndFollowTheSeed() throws {
        let rows = [LabeledRow(label: "1", features: "1:1"), LabeledRow(label: "0.0", features: "2:1")]
        let records = 10_000
        func labels(_ flip: LabelFlip) -> [String] {
            let plan = GeneratorPlan(rows: rows, records: records, batch: 100, startTime: 0, eventRate: 1, flip: flip)
            return (0..<plan.groupCount).flatMap { plan.group($0, now: 0).logs.map { $0.contents[0].value } }
        }
        func flipped(_ labels: ArraySlice<String>, from offset: Int) -> Int {
            zip(labels, offset...).filter { label, index in label != (index % 2 == 0 ? "1" : "0.0") }.count
        }
        let steady = labels(LabelFlip(fraction: 0.2, seed: 7))
        #expect(Set(steady) == ["1", "0", "0.0"], "a flipped 1 is 0 and a flipped 0.0 is 1")
        let count = flipped(steady[...], from: 0)
        #expect((1_800...2_200).contains(count), "\(count) of \(records) flipped at 0.2")
        #expect(labels(LabelFlip(fraction: 0.2, seed: 7)) == steady, "the same seed flips the same records")
        #expect(labels(LabelFlip(fraction: 0.2, seed: 8)) != steady)
        #expect(flipped(labels(LabelFlip(fraction: 0, seed: 7))[...], from: 0) == 0)
        #expect(flipped(labels(LabelFlip(fraction: 1, seed: 7))[...], from: 0) == records)

        // With drift the fraction rises from 0 to 0.4: the last quarter flips far more than the first.
        let drifting = labels(LabelFlip(fraction: 0.2, seed: 7, drift: true))
        let first = flipped(drifting[0..<2_500], from: 0)
        let last = flipped(drifting[7_500..<10_000], from: 7_500)
        #expect(first < 200 && last > 700, "first quarter \(first), last quarter \(last) of 2500")
        #expect((1_800...2_200).contains(flipped(drifting[...], from: 0)), "the mean stays near the fraction")
        #expect(LabelFlip(fraction: 0.2, seed: 0, drift: true).fraction(atRecord: records - 1, of: records) == 0.4)
    }
}
