import SluiceCrypto
import Testing

@Suite struct SHA256Tests {
    func hex(_ bytes: [UInt8]) -> String { Digest.hex(bytes) }

    @Test func standardVectors() {
        #expect(hex(Digest.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            hex(Digest.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            hex(Digest.sha256(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let message896 =
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
            + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(
            hex(Digest.sha256(Array(message896.utf8)))
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test func millionAs() {
        #expect(
            hex(Digest.sha256([UInt8](repeating: 0x61, count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func paddingBoundaries() {
        // Lengths around the 55/56/64-byte padding boundaries, from sha256sum.
        let expected: [Int: String] = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            57: "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6",
            63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
            119: "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb",
            120: "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c",
        ]
        for (length, digest) in expected {
            #expect(hex(Digest.sha256([UInt8](repeating: 0x61, count: length))) == digest, "\(length) bytes")
        }
    }
}

@Suite struct HMACAndMD5Tests {
    /// The Wikipedia HMAC examples, checked with `openssl dgst -hmac key`.
    @Test func hmacVectors() {
        let message = Array("The quick brown fox jumps over the lazy dog".utf8)
        #expect(
            Digest.hex(Digest.hmacSHA256(key: Array("key".utf8), message: message))
                == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
        #expect(
            Digest.hex(Digest.hmacSHA1(key: Array("key".utf8), message: message))
                == "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9")
        #expect(
            Digest.hex(Digest.hmacSHA1(key: Array("key".utf8), message: [])) == "f42bb0eeb018ebbd4597ae7213711ec60760843f")
    }

    @Test func md5AndHexForms() {
        #expect(Digest.md5Hex(Array("abc".utf8)) == "900150983CD24FB0D6963F7D28E17F72")
        #expect(Digest.hex(Digest.md5(Array("abc".utf8))) == "900150983cd24fb0d6963f7d28e17f72")
        #expect(Digest.sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digest.hexBytes([0x00, 0x0F, 0xF0, 0xFF]) == Array("000ff0ff".utf8))
    }
}
