import SluiceCore
import SluiceTestSupport
import Testing

@testable import SluiceExec

/// Task results cross processes in `PartialResultCodec`'s binary form: it must keep every value.
@Suite struct PartialResultCodecTests {
    func value(_ random: inout SplitMix64, depth: Int = 0) -> Value {
        switch random.next() % (depth < 2 ? 11 : 10) {
        case 0: return .null
        case 1: return .boolean(random.next() % 2 == 0)
        case 2: return .int(Int32(truncatingIfNeeded: random.next()))
        case 3: return .bigint(Int64(bitPattern: random.next()))
        case 4: return .double(Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF))
        case 5: return .decimal("\(random.next() % 100_000).\(random.next() % 100)", precision: 10, scale: 2)
        case 6: return .string(String(repeating: "é😀x", count: Int(random.next() % 5)))
        case 7: return .interval(Interval(months: Int64(random.next() % 100), microseconds: Int64(bitPattern: random.next())))
        case 8: return .timestamp(Int64(bitPattern: random.next()))
        case 9: return .date(Int32(truncatingIfNeeded: random.next()))
        default: return .composite((0..<Int(random.next() % 4)).map { _ in value(&random, depth: depth + 1) })
        }
    }

    func partial(_ random: inout SplitMix64) -> PartialResult {
        var partial = PartialResult()
        let groups = Int(random.next() % 6)
        partial.keys = (0..<groups).map { _ in (0..<3).map { _ in value(&random) } }
        partial.states = (0..<groups).map { _ in (0..<2).map { _ in (0..<Int(random.next() % 3)).map { _ in value(&random) } } }
        partial.rows = (0..<Int(random.next() % 3)).map { _ in (0..<2).map { _ in value(&random) } }
        partial.metrics.inputRows = Int(random.next() % 1_000_000)
        partial.metrics.malformedRecords = Int(random.next() % 10)
        partial.metrics.lateRowsDropped = Int(random.next() % 10)
        partial.metrics.nullTimeRowsDropped = Int(random.next() % 10)
        partial.metrics.maxEventTimeMicros = random.next() % 2 == 0 ? nil : Int64(bitPattern: random.next())
        return partial
    }

    @Test func randomPartialResultsRoundTrip() throws {
        var random = SplitMix64(state: 7)
        for _ in 0..<2_000 {
            let original = partial(&random)
            #expect(try PartialResultCodec.decode(PartialResultCodec.encode(original)) == original)
        }
    }

    @Test func aggregationStatesRoundTrip() throws {
        var random = SplitMix64(state: 3)
        for _ in 0..<500 {
            var state = AggregateState()
            for _ in 0..<Int(random.next() % 8) {
                state.groups[[value(&random), .timestamp(Int64(random.next() % 1000))]] = [[value(&random)], [value(&random)]]
            }
            state.watermarkMicros = random.next() % 2 == 0 ? nil : Int64(bitPattern: random.next())
            let bytes = PartialResultCodec.encode(state)
            #expect(PartialResultCodec.isState(bytes))
            #expect(try PartialResultCodec.decodeState(bytes) == state)
            #expect(throws: ExecError.self) { try PartialResultCodec.decodeState(Array(bytes.dropLast())) }
        }
    }

    @Test func truncatedOrPaddedBytesAreRefused() throws {
        var random = SplitMix64(state: 11)
        for _ in 0..<50 {
            let bytes = PartialResultCodec.encode(partial(&random))
            for cut in 0..<bytes.count {
                #expect(throws: ExecError.self) { try PartialResultCodec.decode(Array(bytes[0..<cut])) }
            }
            #expect(throws: ExecError.self) { try PartialResultCodec.decode(bytes + [0]) }
        }
        #expect(throws: ExecError.self) { try PartialResultCodec.decode(Array("JSON".utf8)) }
    }
}
