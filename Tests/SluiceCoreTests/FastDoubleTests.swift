import SluiceCore
import SluiceTestSupport
import Testing

@Suite struct FastDoubleTests {
    /// `FastDouble.parse` on the UTF-8 of `text`.
    static func fast(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { FastDouble.parse($0) }
    }

    /// `count` random decimal digits.
    static func digits(_ count: Int, _ random: inout SplitMix64) -> String {
        var text = ""
        for _ in 0..<count {
            text.append(Character(Unicode.Scalar(UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &random))))
        }
        return text
    }

    /// A random decimal in the accepted grammar, mostly in the fast path's range (≤ 19 significant
    /// digits up to 2^53, power of ten within ±22) and often on its edges; never so large or small that
    /// `Double(String)` could overflow or underflow.
    static func randomDecimal(_ random: inout SplitMix64) -> String {
        var text = ["", "", "-", "+"].randomElement(using: &random)!
        let leadingZeros = Int.random(in: 0...10, using: &random) < 2 ? Int.random(in: 1...4, using: &random) : 0
        text += String(repeating: "0", count: leadingZeros)
        let integerDigits = Int.random(in: 0...18, using: &random)
        let fractionDigits = Int.random(in: 0...18, using: &random)
        text += digits(integerDigits, &random)
        if fractionDigits > 0 || Int.random(in: 0...9, using: &random) == 0 {
            text += "." + digits(fractionDigits, &random)
        }
        if integerDigits + fractionDigits + leadingZeros == 0 {
            text += digits(Int.random(in: 1...3, using: &random), &random)
        }
        if Bool.random(using: &random) {
            text += ["e", "E"].randomElement(using: &random)!
            text += ["", "+", "-"].randomElement(using: &random)!
            let magnitude =
                Int.random(in: 0...9, using: &random) == 0
                ? Int.random(in: 0...280, using: &random) : Int.random(in: 0...30, using: &random)
            let padding = Int.random(in: 0...5, using: &random) == 0 ? "0" : ""
            text += padding + String(magnitude)
        }
        return text
    }

    @Test func agreesWithDoubleStringOnGeneratedDecimals() {
        var random = SplitMix64(state: 0x5EED_F00D)
        var mismatches: [String] = []
        var rejected: [String] = []
        for _ in 0..<60_000 {
            let text = Self.randomDecimal(&random)
            guard let expected = Double(text) else {
                rejected.append(text)
                continue
            }
            if Self.fast(text)?.bitPattern != expected.bitPattern {
                mismatches.append(text)
            }
        }
        #expect(rejected.isEmpty, "the generator made text Double(String) rejects: \(rejected.prefix(5))")
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(10))")
    }

    @Test func agreesWithDoubleStringOnRenderedDoubles() {
        var random = SplitMix64(state: 42)
        var mismatches: [String] = []
        for round in 0..<30_000 {
            let value: Double
            switch round % 3 {
            case 0: value = Double.random(in: -1...1, using: &random)
            case 1: value = Double(Int.random(in: -100_000...100_000, using: &random)) / 1000
            default: value = Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF)
            }
            let text = "\(value)"
            if Self.fast(text)?.bitPattern != value.bitPattern {
                mismatches.append(text)
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(10))")
    }

    @Test func agreesWithDoubleStringOnEdgeCases() {
        let ordinary = [
            "0", "-0", "+0", "0.0", "-0.0", "00000", "0e0", "1", "-1", "255", "0.5", "1.", ".5", "-.5", "+.5e1", "0.1",
            "0.2", "0.3", "0.7", "1.1", "3.14159", "1e22", "1e23", "1e-22", "1e-23", "9e22", "9e-22", "123456789012345",
            "1234567890123456", "12345678901234567890", "999999999999999", "9999999999999999", "9007199254740992",
            "9007199254740993", "0.000000000000000000000000001", "100000000000000000000000",
            "1000000000000000000000000e-10", "1.7976931348623157e308", "2.2250738585072014e-308", "1E+2", "1e+0",
            "1e-0", "1e0000000000000000000000000001", "1e-0000000000000000000000000001",
            "0.00000000000000000000000000000000000000000001e44", "6.02214076e23", "0.1e-21", "123456789012345e-37",
            "123456789012345e7", "1.00000000000000000000000000", "0.1234567890123456", "1234567890123456e-30",
            "9007199254740992e-22", "9007199254740993e-22", "0.30000000000000004", "18446744073709551615",
            "1844674407370955161", "-0.000000000000000000001234567890123456789",
        ]
        for text in ordinary {
            let expected = Double(text)
            #expect(expected != nil, "\(text) should be a number for Double(String) too")
            #expect(Self.fast(text)?.bitPattern == expected?.bitPattern, "\(text)")
        }
        // Overflow, underflow and subnormals: whatever Double(String) makes of them, FastDouble agrees.
        let extreme = [
            "1e309", "-1e309", "1.7976931348623159e308", "2.2250738585072011e-308", "4.9e-324", "2.4e-324", "1e-400",
            "0e-400", "-0e400", "1e99999999999999999999", "1e-99999999999999999999",
        ]
        for text in extreme {
            #expect(Self.fast(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
        #expect(Self.fast("-0")?.sign == .minus)
        #expect(Self.fast("1e23") == 1e23)
        #expect(Self.fast("0.1") == 0.1)
    }

    @Test func rejectsWhatIsNotANumber() {
        let cases = [
            "", "+", "-", ".", "+.", "-.e1", "e5", "E5", "1e", "1e+", "1e-", "1.2.3", "1..2", "1x", "x1", " 1", "1 ",
            "\t1",
            "1\n", "abc", "0x10", "0x1p3", "1,5", "--1", "+-1", "-+1", "1e5.5", "1e1e1", "1f", "1d", "١", "1\u{0}",
            "inf\u{0}", "1_000", "∞",
            // Words are each reader's own business (the LIBSVM reader's old copy read them here).
            "inf", "-inf", "Infinity", "-Infinity", "INF", "nan", "NaN", "-nan",
        ]
        for text in cases {
            #expect(Self.fast(text) == nil, "\(text.debugDescription) should not be a number")
        }
    }
}
