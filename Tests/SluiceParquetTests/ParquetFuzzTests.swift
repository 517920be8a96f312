import SluiceParquet
import SluiceParquetCodecs
import SluiceTestSupport
import Testing

/// The reference files, mutated many times from a fixed seed: every mutant is read to the end
/// or refused with a `ParquetError`; none traps, hangs or allocates without bound.
@Suite struct ParquetFuzzTests {
    static let mutantsPerFile = 600

    private func mutate(_ original: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = original
        switch random.next() % 5 {
        case 0:
            // Flip a few bytes anywhere.
            for _ in 0..<(1 + Int(random.next() % 4)) {
                bytes[Int(random.next() % UInt64(bytes.count))] ^= UInt8(truncatingIfNeeded: random.next() | 1)
            }
        case 1:
            // Flip bytes in the footer, where the lengths and offsets are.
            let footerStart = max(0, bytes.count - 400)
            for _ in 0..<(1 + Int(random.next() % 3)) {
                bytes[footerStart + Int(random.next() % UInt64(bytes.count - footerStart))] = UInt8(
                    truncatingIfNeeded: random.next())
            }
        case 2:
            // Cut the file, keeping its end (magic and footer length) so the footer is looked for.
            let cut = Int(random.next() % UInt64(bytes.count - 8))
            let from = Int(random.next() % UInt64(bytes.count - 8 - cut + 1))
            bytes.removeSubrange(from..<(from + cut))
        case 3:
            // Overwrite a run with 0xFF (huge varints and lengths).
            let start = Int(random.next() % UInt64(bytes.count))
            let length = min(bytes.count - start, 1 + Int(random.next() % 16))
            bytes.replaceSubrange(start..<(start + length), with: [UInt8](repeating: 0xFF, count: length))
        default:
            // Insert random bytes.
            let at = Int(random.next() % UInt64(bytes.count))
            bytes.insert(
                contentsOf: (0..<(1 + Int(random.next() % 8))).map { _ in UInt8(truncatingIfNeeded: random.next()) },
                at: at)
        }
        return bytes
    }

    @Test(arguments: ModelFiles.models)
    func mutantsOfAReferenceFileReadOrThrow(model: String) throws {
        let original = try ModelFiles.parquet(model)
        var random = SplitMix64(state: 0x5EED_0000 ^ UInt64(original.count))
        var refused = 0
        for _ in 0..<Self.mutantsPerFile {
            let mutant = mutate(original, &random)
            do {
                _ = try ParquetFile(bytes: mutant, decompressor: ParquetCodecs()).rows()
            } catch {
                #expect(!error.message.isEmpty)
                refused += 1
            }
        }
        // Most mutants must be refused: a reader that accepts anything would pass the loop too.
        #expect(refused > Self.mutantsPerFile / 4)
    }
}
