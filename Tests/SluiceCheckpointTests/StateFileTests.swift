import SluiceCheckpoint
import SluiceCore
import Testing

struct StateFileTests {
    let body: [UInt8] = Array("SAS1 some state bytes".utf8)

    @Test func aFramedStateReadsBackAsItsEpochs() {
        #expect(StateFile.unframe(StateFile.frame(body, epoch: 7), epoch: 7) == .valid(body))
        #expect(StateFile.unframe(StateFile.frame([], epoch: 0), epoch: 0) == .valid([]))
    }

    @Test func everyFlippedBitIsFound() {
        let framed = StateFile.frame(body, epoch: 3)
        for index in 4..<framed.count {
            for bit in 0..<8 {
                var damaged = framed
                damaged[index] ^= 1 << bit
                guard case .damaged = StateFile.unframe(damaged, epoch: 3) else {
                    Issue.record("bit \(bit) of byte \(index) went unnoticed")
                    return
                }
            }
        }
    }

    @Test func aStateCopiedOverAnotherEpochsFileIsFound() {
        guard case .damaged(let reason) = StateFile.unframe(StateFile.frame(body, epoch: 2), epoch: 5) else {
            Issue.record("not found")
            return
        }
        #expect(reason.contains("epoch 2"))
    }

    @Test func aFileCutShortIsFound() {
        let framed = StateFile.frame(body, epoch: 1)
        for length in [5, 23, 24, framed.count - 1] {
            guard case .damaged = StateFile.unframe(Array(framed.prefix(length)), epoch: 1) else {
                Issue.record("cut at \(length) went unnoticed")
                return
            }
        }
    }

    @Test func aFileWithoutTheFrameIsReportedAsLegacy() {
        #expect(StateFile.unframe(body, epoch: 0) == .legacy(body))
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        let whole = CRC32.checksum(Array("hello world".utf8))
        #expect(CRC32.checksum(Array(" world".utf8), seed: CRC32.checksum(Array("hello".utf8))) == whole)
    }
}
