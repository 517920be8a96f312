import Testing

@testable import SluiceCore

@Suite struct JSONStringTests {
    /// `JSONString.decode` on the UTF-8 of `content`, as a string.
    func decoded(_ content: String) -> String {
        var output: [UInt8] = [0xFF]
        Array(content.utf8).withUnsafeBufferPointer { JSONString.decode($0, into: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    /// `JSONString.escapeLength` at the start of `text`.
    func escapeLength(_ text: String) -> Int? {
        Array(text.utf8).withUnsafeBufferPointer { JSONString.escapeLength($0, at: 0) }
    }

    @Test func decodesEveryEscape() {
        #expect(decoded(#"a\"b\\c\/d\'e\bf\fg\nh\ri\tj"#) == "a\"b\\c/d'e\u{8}f\u{C}g\nh\ri\tj")
        #expect(decoded(#"\u00e9\u4E2D\ud83d\ude00"#) == "é中😀")
        #expect(decoded("plain") == "plain")
        #expect(decoded("") == "")
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() {
        #expect(decoded(#"\ud800x"#) == "\u{FFFD}x")
        #expect(decoded(#"\udc00"#) == "\u{FFFD}")
        #expect(decoded(#"\ud800\u0041"#) == "\u{FFFD}A")
        #expect(decoded(#"\ud83d"#) == "\u{FFFD}")
    }

    @Test func escapesAreMeasuredOrRefused() {
        for escape in [#"\""#, #"\'"#, #"\\"#, #"\/"#, #"\b"#, #"\f"#, #"\n"#, #"\r"#, #"\t"#] {
            #expect(escapeLength(escape) == 2, "\(escape)")
        }
        #expect(escapeLength(#"\u00e9"#) == 6)
        #expect(escapeLength(#"\uABCDx"#) == 6)
        for bad in [#"\"#, #"\x"#, #"\u"#, #"\u12"#, #"\u12G4"#, #"\U0041"#, #"\0"#] {
            #expect(escapeLength(bad) == nil, "\(bad)")
        }
    }
}
