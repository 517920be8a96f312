import SluiceCore
import SluiceFormats
import Testing

@Suite struct LibSVMTextFormatTests {
    @Test func readsLabelsAndFeatureText() {
        let text = "1 1:0.5 3:2.0\n# a comment\n\n0   2:1  \r\n-1\nabc 1:2\n  1.5\t4:1\n  # indented comment\n+2e0 7:1"
        let result = scanLibSVM(text)
        #expect(result.batch.rowCount == 5)
        #expect(result.batch.columns[0].doubleValues == [1, 0, -1, 1.5, 2])
        #expect(result.batch.columns[1].stringValues == ["1:0.5 3:2.0", "2:1", "", "4:1", "7:1"])
        #expect(result.malformedRecords == 1)
        #expect(result.firstMalformed == "line 6: label \"abc\" is not a number")
    }

    @Test func schemaIsLabelDoubleFeaturesString() {
        #expect(LibSVMTextFormat.schema.map(\.name) == ["label", "features"])
        #expect(LibSVMTextFormat.schema.map(\.type) == [.double, .string])
        let result = scanLibSVM("")
        #expect(result.batch.columns.map(\.type) == [.double, .string])
        #expect(result.batch.rowCount == 0)
    }
}

@Suite struct FormatErrorTests {
    @Test func describesItselfByItsMessage() {
        let error = FormatError(.syntax, "line 12: expected ':' after key")
        #expect(error.description == "line 12: expected ':' after key")
        #expect(error.kind == .syntax)
        #expect(error != FormatError(.conversion, "line 12: expected ':' after key"))
    }
}
