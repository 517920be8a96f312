import SluiceCore
import Testing

@testable import SluiceSQL

@Suite struct LexerTests {
    func kinds(_ text: String) throws -> [Token.Kind] {
        try Lexer.tokenize(text[...]).map(\.kind)
    }

    @Test func numbersWithSuffixes() throws {
        let tokens = try Lexer.tokenize("42 42L 1.5 .5 1e3 1.5D 2BD 10seconds"[...])
        #expect(tokens.map(\.text) == ["42", "42L", "1.5", ".5", "1e3", "1.5D", "2BD", "10", "seconds", ""])
        #expect(tokens.map(\.kind) == [.integer, .integer, .decimal, .decimal, .decimal, .decimal, .integer, .integer, .word, .end])
    }

    @Test func stringsAndEscapes() throws {
        let tokens = try Lexer.tokenize(#"'it\'s' "a\tb" `we``ird`"#[...])
        #expect(tokens[0].text == "it's")
        #expect(tokens[1].text == "a\tb")
        #expect(tokens[2].kind == .quotedIdentifier && tokens[2].text == "we`ird")
    }

    @Test func commentsAreSkippedAndNest() throws {
        #expect(try kinds("a -- x\n /* b /* c */ d */ e") == [.word, .word, .end])
    }

    @Test func spansAreByteOffsetsPlusBase() throws {
        let tokens = try Lexer.tokenize("é = 'x'"[...], baseOffset: 10)
        #expect(tokens[0].span == SourceSpan(start: 10, end: 12))
        #expect(tokens[1].span == SourceSpan(start: 13, end: 14))
    }

    @Test func unterminatedThingsAreLexicalErrors() {
        for text in ["'abc", "\"abc", "`abc", "/* abc", "a # b"] {
            #expect(throws: SQLError.self, "\(text)") { try Lexer.tokenize(text[...]) }
        }
    }
}

@Suite struct ScriptTests {
    @Test func splitsAtSemicolonsOutsideQuotesAndComments() throws {
        let script = "SELECT ';'; -- a; b\nSELECT \"x;y\" /* ; */;\n;  \nSET k=v;x"
        let parts = try ScriptSplitter.split(script).map { String($0.text) }
        #expect(parts == ["SELECT ';'", " -- a; b\nSELECT \"x;y\" /* ; */", "  \nSET k=v", "x"])
    }

    @Test func variablesAreReplacedOutsideComments() throws {
        let source = try VariableSubstitution.apply(
            to: "SELECT '${a}', ${hivevar:b} -- ${undefined}\n", name: "s", variables: ["a": "1", "b": "two"])
        #expect(source.text == "SELECT '1', two -- ${undefined}\n")
    }

    @Test func undefinedVariableNamesItWithItsPosition() {
        do {
            _ = try VariableSubstitution.apply(to: "SELECT\n  ${missing}", name: "s", variables: [:])
            Issue.record("no error")
        } catch {
            #expect(error.kind == .undefinedVariable)
            #expect(error.message.contains("missing"))
            #expect(SourceText(name: "s", text: "SELECT\n  ${missing}").location(of: error.span!.start) == SourceLocation(line: 2, column: 3))
        }
    }

    @Test func positionsAfterAReplacementMapBackToTheWrittenText() throws {
        let written = "SELECT ${v}, ?x"
        let source = try VariableSubstitution.apply(to: written, name: "s", variables: ["v": "a_long_value"])
        let offset = source.text.utf8.count - 2
        #expect(source.location(of: offset) == SourceLocation(line: 1, column: 14))
        #expect(source.location(of: 8) == SourceLocation(line: 1, column: 8))
    }

    @Test func setValueRunsToTheEndOfTheStatement() throws {
        let text = "SET streaming.query.q.sql=insert into `t`(`a`) values(?, ?)"
        let statement = try Parser.parseStatement(StatementText(span: SourceSpan(start: 0, end: text.utf8.count), text: text[...]))
        #expect(statement.kind == .set(key: "streaming.query.q.sql", value: "insert into `t`(`a`) values(?, ?)"))
    }
}
