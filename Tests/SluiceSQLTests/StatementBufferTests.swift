import SluiceCore
import Testing

@testable import SluiceSQL

/// When lines read from a terminal or a pipe end a statement, and what runs then.
@Suite struct StatementBufferTests {
    @Test func aStatementIsCompleteAtASemicolonOutsideQuotesAndComments() {
        #expect(StatementCompletion(of: "SELECT 1;\n") == .complete)
        #expect(StatementCompletion(of: "SELECT 1; -- done\n") == .complete)
        #expect(StatementCompletion(of: "SELECT 1; /* done */ \n") == .complete)
        #expect(StatementCompletion(of: "SELECT 1;\nSELECT 2;\n") == .complete)
        #expect(StatementCompletion(of: ";\n") == .complete)
        #expect(StatementCompletion(of: "SELECT 1\n") == .incomplete)
        #expect(StatementCompletion(of: "SELECT 1; SELECT 2\n") == .incomplete)
        #expect(StatementCompletion(of: "SELECT 'a;\n") == .incomplete, "an open string")
        #expect(StatementCompletion(of: "SELECT 'a;';\n") == .complete)
        #expect(StatementCompletion(of: "SELECT 'it\\';\n") == .incomplete, "an escaped quote leaves the string open")
        #expect(StatementCompletion(of: "SELECT `a;\n") == .incomplete)
        #expect(StatementCompletion(of: "SELECT 1 -- ;\n") == .incomplete, "a ; in a line comment")
        #expect(StatementCompletion(of: "SELECT 1 /* ;\n") == .incomplete, "an open block comment")
        #expect(StatementCompletion(of: "/* a /* b */ ; */\n") == .empty, "a nested comment holds the ;")
        #expect(StatementCompletion(of: "/* a /* b */ ;\n") == .incomplete, "the outer comment is still open")
        #expect(StatementCompletion(of: "  \n-- note\n") == .empty)
        #expect(StatementCompletion(of: "") == .empty)
    }

    @Test func linesRunOnceALineEndsAStatementWithTheirInputLineNumber() {
        var buffer = StatementBuffer()
        #expect(buffer.append(line: "") == nil)
        #expect(!buffer.isContinuing, "a blank line begins nothing")
        #expect(buffer.append(line: "-- a comment") == nil)
        #expect(!buffer.isContinuing, "a comment begins nothing")
        #expect(buffer.append(line: "SELECT a;  SELECT") == nil)
        #expect(buffer.isContinuing)
        #expect(buffer.append(line: "  'x;y'") == nil)
        #expect(
            buffer.append(line: "FROM t; -- end")
                == StatementBuffer.Piece(
                    text: "SELECT a;  SELECT\n  'x;y'\nFROM t; -- end\n", firstLine: 3, quits: false))
        #expect(!buffer.isContinuing && buffer.text.isEmpty)
        #expect(
            buffer.append(line: "SHOW TABLES;")
                == StatementBuffer.Piece(text: "SHOW TABLES;\n", firstLine: 6, quits: false))
        #expect(buffer.append(line: "SET x") == nil)
        #expect(buffer.finish() == StatementBuffer.Piece(text: "SET x\n", firstLine: 7, quits: false))
        #expect(buffer.finish() == nil)
    }

    @Test func quitAndExitEndTheInputAfterWhatPrecedesThem() {
        var buffer = StatementBuffer()
        #expect(
            buffer.append(line: "SHOW TABLES; Quit ;")
                == StatementBuffer.Piece(text: "SHOW TABLES;", firstLine: 1, quits: true))
        #expect(buffer.append(line: "exit;") == StatementBuffer.Piece(text: "", firstLine: 2, quits: true))
        #expect(
            buffer.append(line: "SELECT 'quit';")
                == StatementBuffer.Piece(text: "SELECT 'quit';\n", firstLine: 3, quits: false))
        #expect(buffer.append(line: "quitting;")?.quits == false)
        #expect(buffer.append(line: "  QUIT") == nil)
        #expect(buffer.finish() == StatementBuffer.Piece(text: "", firstLine: 5, quits: true))
    }

    @Test func aBufferPastTheScriptLimitIsGivenUpForTheRunnerToReject() {
        var buffer = StatementBuffer()
        let line = "SELECT '" + String(repeating: "x", count: 1024 * 1024)
        var piece: StatementBuffer.Piece?
        var lines = 0
        while piece == nil, lines <= Limits.scriptBytesMax / (1024 * 1024) + 1 {
            piece = buffer.append(line: line)
            lines += 1
        }
        #expect(piece.map { $0.text.utf8.count > Limits.scriptBytesMax } == true)
        #expect(lines == Limits.scriptBytesMax / (1024 * 1024), "the first line past the limit gives it up")
        #expect(!buffer.isContinuing)
    }
}
