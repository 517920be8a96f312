import SluiceLogProtocol
import SluiceTestSupport
import Testing

@Suite struct CursorTests {
    @Test func knownCursorsMatchTheSDKs() throws {
        #expect(LogCursor(position: 0).encoded == "MA==")
        #expect(LogCursor(position: 1).encoded == "MQ==")
        #expect(LogCursor(position: 12).encoded == "MTI=")
        #expect(LogCursor(position: 1_547_470_682_376_513_446).encoded == "MTU0NzQ3MDY4MjM3NjUxMzQ0Ng==")
        #expect(try LogCursor(encoded: "MTU0NzQ3MDY4MjM3NjUxMzQ0Ng==").position == 1_547_470_682_376_513_446)
        #expect(try LogCursor(encoded: "MA==").position == 0)
        #expect(LogCursor(position: Int64.max).encoded == "OTIyMzM3MjAzNjg1NDc3NTgwNw==")
        #expect(try LogCursor(encoded: "OTIyMzM3MjAzNjg1NDc3NTgwNw==").position == Int64.max)
    }

    @Test func randomPositionsRoundTrip() throws {
        var random = SplitMix64(state: 99)
        for _ in 0..<1000 {
            let bits = random.next() >> 1
            let position = Int64(bits >> UInt64.random(in: 0...62, using: &random))
            let cursor = LogCursor(position: position)
            #expect(try LogCursor(encoded: cursor.encoded) == cursor)
        }
    }

    @Test func malformedCursorsAreRejected() {
        let inputs = [
            "",  // empty
            "LTE=",  // "-1"
            "KzE=",  // "+1"
            "OTIyMzM3MjAzNjg1NDc3NTgwOA==",  // Int64.max + 1
            "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=",  // 20 digits
            "MDA=",  // "00": leading zero
            "MDE=",  // "01": leading zero
            "MB==",  // non-zero padding bits
            "MA",  // missing padding
            "MA=",  // short padding
            "MA===",  // extra padding
            "=MA=",  // padding first
            "M=A=",  // padding inside
            "MA==MA==",  // padding before the end
            " MA==", "MA==\n",  // whitespace
            "M A=",  // whitespace inside
            "YQ==",  // "a"
            "MS4w",  // "1.0"
            "MF8x",  // "0_1"
            "MA-_",  // URL-safe alphabet
            "MA%3D%3D",  // still URL-encoded
            "!!!!",
        ]
        for input in inputs {
            let failed = throwsProtocolError { try LogCursor(encoded: input) }
            #expect(failed, "\(input)")
        }
    }

    @Test func cursorsOrderByPosition() {
        let cursors = [LogCursor(position: 10), LogCursor(position: 9), LogCursor(position: 100)]
        #expect(cursors.sorted().map(\.position) == [9, 10, 100])
        #expect(LogCursor(position: 3) < LogCursor(position: 4))
        #expect(LogCursor(position: 4).description == "NA==")
    }
}
