import SluiceTestSupport
import SluiceCore
import Testing

@Suite struct IntegerAndBooleanParsingTests {
    func int(_ text: String, _ type: DataType) -> Int64? {
        withBytes(text) { ValueParsing.integer($0, in: ValueParsing.integerRange(of: type)!) }
    }

    @Test func integersAreRangeCheckedPerType() {
        #expect(int("127", .tinyint) == 127)
        #expect(int("-128", .tinyint) == -128)
        #expect(int("128", .tinyint) == nil)
        #expect(int("-129", .tinyint) == nil)
        #expect(int("32767", .smallint) == 32767)
        #expect(int("32768", .smallint) == nil)
        #expect(int("-2147483648", .int) == -2_147_483_648)
        #expect(int("2147483648", .int) == nil)
        #expect(int("9223372036854775807", .bigint) == Int64.max)
        #expect(int("-9223372036854775808", .bigint) == Int64.min)
        #expect(int("9223372036854775808", .bigint) == nil)
        #expect(int("+5", .int) == 5)
        #expect(int("-0", .int) == 0)
    }

    @Test func integersRejectOtherText() {
        for text in ["", "-", "+", "1.0", "1e3", " 1", "1 ", "0x10", "١"] {
            #expect(int(text, .bigint) == nil, "\(text)")
        }
        #expect(ValueParsing.integerRange(of: .string) == nil)
    }

    @Test func booleansIgnoreCase() {
        #expect(withBytes("true") { ValueParsing.boolean($0) } == true)
        #expect(withBytes("TRUE") { ValueParsing.boolean($0) } == true)
        #expect(withBytes("False") { ValueParsing.boolean($0) } == false)
        #expect(withBytes("yes") { ValueParsing.boolean($0) } == nil)
        #expect(withBytes("") { ValueParsing.boolean($0) } == nil)
        #expect(withBytes("truex") { ValueParsing.boolean($0) } == nil)
    }
}

@Suite struct DoubleParsingTests {
    func double(_ text: String) -> Double? {
        withBytes(text) { ValueParsing.double($0) }
    }

    /// A decimal string in the syntax `Double(String)` accepts: sign, 1 to 20 digits with a
    /// point somewhere (or none), and sometimes an exponent.
    func randomDecimal(_ random: inout SplitMix64) -> String {
        var text = random.below(2) == 0 ? "" : "-"
        // Mostly short mantissas, which take the fast path.
        let digitCount = random.below(4) == 0 ? random.below(20) + 1 : random.below(15) + 1
        let point = random.below(digitCount + 1)
        var digits = ""
        for index in 0..<digitCount {
            if index == point && point > 0 { digits += "." }
            digits += String(random.below(10))
        }
        text += point == 0 ? "0." + digits : digits
        if random.below(2) == 0 {
            text += "e\(random.below(61) - 30)"
        }
        return text
    }

    @Test func fastPathAgreesWithStandardLibraryBitForBit() {
        var random = SplitMix64(state: 0x5EED_F00D)
        var mismatches: [String] = []
        for _ in 0..<50_000 {
            let text = randomDecimal(&random)
            guard let expected = Double(text) else {
                mismatches.append("Double(String) rejects \(text)")
                continue
            }
            if double(text)?.bitPattern != expected.bitPattern { mismatches.append(text) }
        }
        #expect(mismatches == [])
    }

    @Test func boundaryCasesAgreeWithStandardLibrary() {
        let cases = [
            "0", "-0", "0.0", "0e10", "1", "0.1", "0.2", "0.3", "0.30000000000000004", "123456789012345",
            "999999999999999", "9007199254740992", "9007199254740993", "9007199254740991e5",
            "1e22", "1e23", "-1e-22", "1e-23", "123456789012345e22", "123456789012345e-22",
            "2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308", "3.141592653589793",
            "1234567890123456789012345678901234567890", "0.000000000000000000000000000001",
            "00000000000000000000000000000000001.5", "1.00000000000000000000000000001",
        ]
        for text in cases {
            #expect(double(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
        #expect(double("-0")?.sign == .minus)
    }

    @Test func acceptsJavaStyleFormsAndSpecialWords() {
        #expect(double("1.") == 1)
        #expect(double(".5") == 0.5)
        #expect(double("+2.5E+2") == 250)
        #expect(double("NaN")?.isNaN == true)
        #expect(double("Inf") == Double.infinity)
        #expect(double("-Inf") == -Double.infinity)
        #expect(double("+Infinity") == Double.infinity)
        #expect(double("-INF") == -Double.infinity)
        #expect(withBytes("NaN") { ValueParsing.specialDouble($0) }?.isNaN == true)
        #expect(withBytes("1.5") { ValueParsing.specialDouble($0) } == nil)
    }

    @Test func rejectsInvalidText() {
        for text in ["", "-", ".", "+.", "1e", "1e+", "e5", "abc", " 1", "1 ", "0x10", "1.2.3", "1,5", "nan", "-NaN"] {
            #expect(double(text) == nil, "\(text)")
        }
    }

    @Test func decimalsRoundHalfUpAndCheckPrecision() {
        func decimal(_ text: String, _ precision: Int, _ scale: Int) -> Double? {
            withBytes(text) { ValueParsing.decimal($0, precision: precision, scale: scale) }
        }
        #expect(decimal("1.005", 10, 2) == 1.01)
        #expect(decimal("-1.005", 10, 2) == -1.01)
        #expect(decimal("1.004", 10, 2) == 1.0)
        #expect(decimal("12.345", 10, 2) == 12.35)
        #expect(decimal("12345678.994", 10, 2) == 12_345_678.99)
        #expect(decimal("99999999.995", 10, 2) == nil)
        #expect(decimal("123456789.5", 10, 2) == nil)
        #expect(decimal("1.5e2", 5, 0) == 150)
        #expect(decimal("2.5", 5, 0) == 3)
        #expect(decimal("0.00001", 5, 2) == 0)
        #expect(decimal("12345678901234567890.5", 38, 2) == 12_345_678_901_234_567_890.5)
        #expect(decimal("abc", 10, 2) == nil)
        #expect(decimal("NaN", 10, 2) == nil)
    }

    @Test func epochSecondsBecomeMicrosecondsTruncated() {
        func micros(_ text: String) -> Int64? {
            withBytes(text) { ValueParsing.epochSecondsToMicroseconds($0) }
        }
        #expect(micros("1554260243") == 1_554_260_243_000_000)
        #expect(micros("1554260243.25") == 1_554_260_243_250_000)
        #expect(micros("-1.5") == -1_500_000)
        #expect(micros("1.5e9") == 1_500_000_000_000_000)
        #expect(micros("0.0000019") == 1)
        #expect(micros("-0.0000019") == -1)
        #expect(micros("1e-7") == 0)
        #expect(micros("1e20") == nil)
        #expect(micros("x") == nil)
        // Whole seconds take a shorter path; its edges agree with the general one.
        #expect(micros("-1554260243") == -1_554_260_243_000_000)
        #expect(micros("-0") == 0)
        #expect(micros("999999999999") == 999_999_999_999_000_000)
        #expect(micros("9223372036854") == 9_223_372_036_854_000_000)
        #expect(micros("9223372036855") == nil)
        #expect(micros("12a") == nil)
        #expect(micros("-") == nil)
        #expect(micros("") == nil)
    }
}
