import SluiceCore
import SluiceTestSupport
import Testing

@testable import SluiceSQL

@Suite struct ParserFuzzTests {
    /// 100,000 inputs: the parser returns a statement or an error inside the text, never crashes or hangs.
    @Test func parserNeverCrashes() throws {
        var random = SplitMix64(state: 20_261_126)
        var parsed = 0
        var failed = 0
        for index in 0..<100_000 {
            let text = FuzzInputs.input(index, random: &random)
            let length = text.utf8.count
            do {
                _ = try Parser.parseScript(SourceText(name: "fuzz", text: text))
                parsed += 1
            } catch {
                failed += 1
                if let span = error.span {
                    #expect(span.start >= 0 && span.end <= length, "span \(span) outside input of \(length) bytes: \(text)")
                }
                _ = SourceText(name: "fuzz", text: text).render(message: error.message, at: error.span)
            }
        }
        #expect(parsed > 1_000 && failed > 1_000, "parsed \(parsed), failed \(failed): the inputs are not mixed")
    }

    @Test func deepNestingIsAnErrorNotAStackOverflow() {
        let text = "SELECT " + String(repeating: "(", count: 100_000) + "1"
        #expect(throws: SQLError.self) { try Parser.parseScript(SourceText(name: "deep", text: text)) }
        let unary = "SELECT " + String(repeating: "- ", count: 100_000) + "1"
        #expect(throws: SQLError.self) { try Parser.parseScript(SourceText(name: "deep", text: unary)) }
        let not = "SELECT " + String(repeating: "NOT ", count: 100_000) + "1"
        #expect(throws: SQLError.self) { try Parser.parseScript(SourceText(name: "deep", text: not)) }
    }
}
