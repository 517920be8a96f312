import Testing

@testable import SluiceCore

@Suite struct TypeCoercionTests {
    @Test func comparisonsFollowSpark() {
        #expect(TypeCoercion.comparisonType(.string, .double) == .double)
        #expect(TypeCoercion.comparisonType(.double, .string) == .double)
        #expect(TypeCoercion.comparisonType(.string, .int) == .int)
        #expect(TypeCoercion.comparisonType(.string, .decimal(precision: 5, scale: 2)) == .double)
        #expect(TypeCoercion.comparisonType(.string, .timestamp) == .timestamp)
        #expect(TypeCoercion.comparisonType(.int, .bigint) == .bigint)
        #expect(TypeCoercion.comparisonType(.window, .int) == nil)
    }

    @Test func widerTypesUnifyBranches() {
        #expect(TypeCoercion.widerType(.int, .double) == .double)
        #expect(TypeCoercion.widerType(.int, .string) == .string)
        #expect(TypeCoercion.widerType(.null, .timestamp) == .timestamp)
        #expect(TypeCoercion.widerType(of: [.tinyint, .int, .bigint]) == .bigint)
        #expect(TypeCoercion.widerType(.boolean, .int) == nil)
    }

    @Test func arithmeticReadsStringsAsDouble() {
        #expect(TypeCoercion.arithmeticType(.string, .int) == .double)
        #expect(TypeCoercion.arithmeticType(.int, .bigint) == .bigint)
        #expect(TypeCoercion.arithmeticType(.boolean, .int) == nil)
    }
}

@Suite struct IntervalTests {
    @Test func parsesSparkSpellings() {
        #expect(Interval.parse("10 seconds") == Interval(microseconds: 10_000_000))
        #expect(Interval.parse("1 minute 30 seconds") == Interval(microseconds: 90_000_000))
        #expect(Interval.parse("interval 2 MINUTES") == Interval(microseconds: 120_000_000))
        #expect(Interval.parse("1 month") == Interval(months: 1))
        #expect(Interval.parse("10 parsecs") == nil)
        #expect(Interval.parse("10") == nil)
        #expect(Interval.parse("") == nil)
    }

    @Test func rendersLikeSpark() {
        #expect(Interval(microseconds: 10_000_000).description == "10 seconds")
        #expect(Interval(microseconds: 90_000_000).description == "1 minutes 30 seconds")
        #expect(Interval(months: 14).description == "1 years 2 months")
    }
}

@Suite struct SourceTextTests {
    @Test func rendersFileLineColumnAndCaret() {
        let source = SourceText(name: "a.sql", text: "SELECT 1;\n\tSELECT é FROM x")
        let offset = Array(source.text.utf8).count - 1
        let rendered = source.render(message: "boom", at: SourceSpan(start: offset, end: offset + 1))
        #expect(rendered == "a.sql:2:16: error: boom\n SELECT é FROM x\n               ^")
    }

    @Test func locationsCountCharactersNotBytes() {
        let source = SourceText(name: "s", text: "éé x")
        #expect(source.location(of: 5) == SourceLocation(line: 1, column: 4))
    }

    @Test func aPieceOfALongerInputKeepsTheInputsLineNumbers() {
        let source = SourceText(name: "<stdin>", text: "SET a=1;\nDESC x;", firstLine: 10)
        #expect(source.location(of: 14) == SourceLocation(line: 11, column: 6))
        #expect(source.lineText(11) == "DESC x;" && source.lineText(10) == "SET a=1;" && source.lineText(1) == "")
        #expect(source.render(message: "boom", at: SourceSpan(start: 14, end: 15)) == "<stdin>:11:6: error: boom\nDESC x;\n     ^")
    }
}

@Suite struct SecretRedactionTests {
    @Test func echoedLinesMaskSecretValuesAndKeepTheRest() {
        let line = #"OPTIONS (user = "u", password = "hunter2", access.key.secret='s3', sls.store = 'password')"#
        #expect(SecretRedaction.maskingValues(in: line)
            == #"OPTIONS (user = "u", password = "*********(redacted)", access.key.secret='*********(redacted)', sls.store = 'password')"#)
    }

    @Test func errorRenderingMasksTheLineAndKeepsTheCaretOnItsToken() {
        let source = SourceText(name: "s", text: "OPTIONS (password='abc', bad 'x')")
        let offset = Array("OPTIONS (password='abc', ".utf8).count
        let rendered = source.render(message: "m", at: SourceSpan(start: offset, end: offset + 3))
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(!rendered.contains("abc"))
        #expect(lines[2].count == String(lines[1]).firstRange(of: "bad").map { String(lines[1])[..<$0.lowerBound].count + 1 })
    }
}

@Suite struct CivilTimeFormatTests {
    @Test func timestampsRenderAsSparkCastsThemToString() {
        func text(_ micros: Int64, _ offset: Int = 0) -> String { CivilTime.format(timestamp: micros, utcOffsetSeconds: offset) }
        #expect(text(0) == "1970-01-01 00:00:00")
        #expect(text(1_554_260_243_000_000) == "2019-04-03 02:57:23")
        #expect(text(1_554_260_243_250_000) == "2019-04-03 02:57:23.25")
        #expect(text(1_554_260_243_000_001) == "2019-04-03 02:57:23.000001")
        #expect(text(-1) == "1969-12-31 23:59:59.999999")
        #expect(text(1_554_260_243_000_000, 8 * 3600) == "2019-04-03 10:57:23")
        #expect(text(-62_135_596_800_000_000) == "0001-01-01 00:00:00")
        #expect(text(253_402_300_799_000_000) == "9999-12-31 23:59:59")
        #expect(text(253_402_300_800_000_000) == "10000-01-01 00:00:00")
        #expect(text(-62_135_596_800_000_001).hasPrefix("0000-12-31 23:59:59"))
        #expect(text(-62_198_755_200_000_000) == "-0001-01-01 00:00:00")
        #expect(CivilTime.format(date: 17989) == "2019-04-03")
        #expect(CivilTime.format(date: -719_162) == "0001-01-01")
    }
}

@Suite struct URLRedactionTests {
    @Test func passwordsInURLsAreMaskedAndTheRestKept() {
        let mask = SecretRedaction.mask
        #expect(SecretRedaction.maskingURLs(in: "jdbc:mysql://bob:pw1@db:3306/x?user=bob&password=pw2&ssl=true")
            == "jdbc:mysql://bob:\(mask)@db:3306/x?user=bob&password=\(mask)&ssl=true")
        #expect(SecretRedaction.maskingURLs(in: "cannot connect at [bob:pw1@127.0.0.1]:3306: host 'bob:pw1@127.0.0.1'")
            == "cannot connect at [bob:\(mask)@127.0.0.1]:3306: host 'bob:\(mask)@127.0.0.1'")
        #expect(SecretRedaction.maskingURLs(in: "url\tjdbc:postgresql://h/db;token=t0k;x=1") == "url\tjdbc:postgresql://h/db;token=\(mask);x=1")
        for kept in ["mail bob@example.com", "http://h:8080/a@b", "jdbc:sqlite:/tmp/x.db", "a = b and c=d", "a?b=c&d"] {
            #expect(SecretRedaction.maskingURLs(in: kept) == kept)
        }
    }
}
