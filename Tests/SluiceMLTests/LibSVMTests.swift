import SluiceML
import Testing

@Suite struct LibSVMTests {
    @Test func readsLabelAndOneBasedFeatures() throws {
        let record = try LibSVM.parse("1 3:0.5 10:-2e1", numFeatures: 10)
        #expect(record.label == 1)
        #expect(record.features == SparseVector(size: 10, indices: [2, 9], values: [0.5, -20]))
    }

    @Test func runsOfSeparatorsAndTrailingOnesAreOneSeparator() throws {
        let record = try LibSVM.parse("-1.5  1:1\t2:.25 \t 7:+3. \r\n", numFeatures: 7)
        #expect(record.label == -1.5)
        #expect(record.features == SparseVector(size: 7, indices: [0, 1, 6], values: [1, 0.25, 3]))
        let labelOnly = try LibSVM.parse("0", numFeatures: 3)
        #expect(labelOnly.label == 0)
        #expect(labelOnly.features == SparseVector(size: 3, indices: [], values: []))
        let leadingZeros = try LibSVM.parse("1 +003:4", numFeatures: 3)
        #expect(leadingZeros.features.indices == [2])
    }

    /// Numbers are `FastDouble`'s; the words are the ones `Double(String)` spells, any case.
    @Test func wordsAreNumbersAsDoubleStringSpellsThem() throws {
        let record = try LibSVM.parse("-Infinity 1:nan 2:INF 3:+inf 4:1e400", numFeatures: 4)
        #expect(record.label == -Double.infinity)
        #expect(record.features.values[0].isNaN)
        #expect(Array(record.features.values.dropFirst()) == [Double.infinity, Double.infinity, Double.infinity])
        for bad in ["x 1:1", "1 1:0x10", "1 1:infx", "1 1:1d", "1 1:∞"] {
            #expect(throws: MLError.self, "\(bad)") { try LibSVM.parse(bad, numFeatures: 4) }
        }
    }

    @Test func bytesAndStringAgreeOnTheSample() throws {
        for line in try Fixture.sampleLines() {
            let fromString = try LibSVM.parse(line, numFeatures: 692)
            let fromBytes = withBytes(line) { bytes in
                Result { () throws(MLError) -> (label: Double, features: SparseVector) in
                    try LibSVM.parse(bytes, numFeatures: 692)
                }
            }
            let record = try fromBytes.get()
            #expect(record.label == fromString.label)
            #expect(record.features == fromString.features)
            #expect(record.label == 0 || record.label == 1)
            #expect(!record.features.indices.isEmpty)
        }
    }

    @Test(arguments: [
        ("", "the record is empty"),
        ("  \t", "the record is empty"),
        (" 1 1:2", "label is missing"),
        ("abc 1:2", "bad label \"abc\""),
        ("1x 1:2", "bad label"),
        ("1 3", "feature \"3\" has no ':'"),
        ("1 1:2 3", "has no ':'"),
        ("1 x:2", "bad feature index in \"x:2\""),
        ("1 :2", "bad feature index"),
        ("1 -1:2", "bad feature index"),
        ("1 2.0:2", "bad feature index"),
        ("1 99999999999:1", "bad feature index"),
        ("1 3:", "bad feature value in \"3:\""),
        ("1 3:x", "bad feature value"),
        ("1 3:1:2", "bad feature value"),
        ("1 3:1e", "bad feature value"),
        ("1 0:2", "feature index 0 in \"0:2\"; indices are one-based"),
        ("1 3:1 2:1", "feature index 2 after 3; indices should be one-based and in ascending order"),
        ("1 3:1 3:1", "feature index 3 after 3"),
        ("1 11:1", "feature index 11 is above the model's 10 features"),
    ])
    func malformedRecordsAreRejected(line: String, expected: String) {
        let error = thrownError { try LibSVM.parse(line, numFeatures: 10) }
        #expect(error?.kind == .malformedRecord, "\(line.debugDescription)")
        #expect(error?.message.contains(expected) == true, "\(line.debugDescription): \(error?.message ?? "no error")")
        #expect(error?.description == error?.message)
    }

    @Test func longTokensAreCutInMessages() {
        let line = "1 " + String(repeating: "9", count: 200)
        let message = thrownError { try LibSVM.parse(line, numFeatures: 10) }?.message ?? ""
        #expect(message.contains("no ':'"))
        #expect(message.count < 120, "\(message)")
    }
}
