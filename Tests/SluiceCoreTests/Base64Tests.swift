import Testing

@testable import SluiceCore

@Suite struct Base64Tests {
    @Test func encodesTheRFCVectors() {
        let vectors = [
            "": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy",
        ]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8), "\(encoded)")
        }
        #expect(Base64.encode([0xFB, 0xFF, 0xBF]) == "+/+/")
        #expect(Base64.decode("+/+/") == [0xFB, 0xFF, 0xBF])
    }

    @Test func everyByteStringRoundTrips() {
        var bytes: [UInt8] = []
        for length in 0..<70 {
            #expect(Base64.decode(Base64.encode(bytes)) == bytes, "\(length) bytes")
            bytes.append(UInt8(truncatingIfNeeded: length &* 37 &+ 11))
        }
    }

    /// The JSON reader's old copy read unpadded text (`QQ` as "A") and short padding (`QQ=`); the
    /// survivor wants whole quanta, as Jackson's default variant (Spark's JSON reader) does.
    @Test func paddingIsRequired() {
        for text in ["QQ", "QQ=", "QUI", "Q", "QQ===", "Q===", "=QQ=", "Q=Q=", "QQ==QQ==", " QQ==", "QQ==\n", "QQ-_"] {
            #expect(Base64.decode(text) == nil, "\(text)")
        }
        #expect(Base64.decode("QQ==") == [0x41])
        #expect(Base64.decode("QUI=") == [0x41, 0x42])
    }

    @Test func decodingIntoABufferReplacesItsContents() {
        var output: [UInt8] = [1, 2, 3]
        let valid = Array("aGk=".utf8).withUnsafeBufferPointer { Base64.decode($0, into: &output) }
        #expect(valid)
        #expect(output == Array("hi".utf8))
    }
}
