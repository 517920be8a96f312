import SluiceML
import SluiceParquet
import SluiceParquetCodecs
import SluiceTestSupport
import Testing

/// Mutants of the reference models' Parquet files, from a fixed seed, through the whole decode
/// (rows, then the model) and a prediction: each is refused with an error or gives a model that
/// predicts; none traps.
@Suite struct SparkModelFuzzTests {
    static let mutantsPerModel = 300

    @Test(arguments: SparkFixture.models)
    func mutantsDecodeToAModelOrAreRefused(model: String) throws {
        let metadata = try SparkFixture.metadata(model)
        let original = try SparkFixture.part(model, "data", suffix: ".parquet")
        var random = SplitMix64(state: 0xF1EE_7000 ^ UInt64(original.count))
        var refused = 0
        for _ in 0..<Self.mutantsPerModel {
            var bytes = original
            for _ in 0..<(1 + Int(random.next() % 3)) {
                bytes[4 + Int(random.next() % UInt64(bytes.count - 8))] ^= UInt8(truncatingIfNeeded: random.next() | 1)
            }
            let rows: [ParquetValue]
            do {
                rows = try ParquetFile(bytes: bytes, decompressor: ParquetCodecs()).rows()
            } catch {
                refused += 1
                continue
            }
            do {
                let classifier = try SparkModelFormat.decode(metadata: metadata, rows: rows)
                _ = try? classifier.predict(libsvmLine: "1 1:0.5 300:2 692:1")
            } catch {
                #expect(error.kind == .badModel)
                refused += 1
            }
        }
        // Flips inside the values often leave a valid file with other numbers; the rest must be refused.
        #expect(refused > Self.mutantsPerModel / 10, "\(model): \(refused) refused")
    }
}
