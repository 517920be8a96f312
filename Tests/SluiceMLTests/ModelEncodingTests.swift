import SluiceML
import Testing

@Suite struct ModelEncodingTests {
    @Test func aModelReadsBackBitForBit() throws {
        let coefficients = [
            0.0, -0.0, 1e-6, 0.1, -2.5, Double.leastNonzeroMagnitude, 1.7976931348623157e308, 0.0011070093601740047,
            1.0 / 3,
        ]
        for threshold in [0.5, 0.7, nil] as [Double?] {
            let model = LogisticRegressionModel(
                intercept: -1.2742009983954272, coefficients: coefficients, threshold: threshold)
            let bytes = try ModelFormat.encodeJSON(
                model,
                annotations: [
                    ("trainer", .string("quote \" backslash \\ tab \t bell \u{7} é")), ("iterations", .integer(27)),
                    ("objective", .number(1.0319596771091833e-09)), ("nothing", .number(.nan)),
                ])
            let read = try ModelFormat.decodeJSON(bytes)
            #expect(read.intercept.bitPattern == model.intercept.bitPattern)
            #expect(read.coefficients.map(\.bitPattern) == model.coefficients.map(\.bitPattern))
            #expect(read.threshold == threshold)
            #expect(read.numFeatures == coefficients.count)
            #expect(bytes.last == UInt8(ascii: "\n"))
        }
    }

    @Test func whatJSONCannotHoldIsRefused() {
        let infinite = LogisticRegressionModel(intercept: .infinity, coefficients: [1])
        #expect(
            thrownError { try ModelFormat.encodeJSON(infinite) }?.message
                == "model: a coefficient or the intercept is not a finite number")
        let nan = LogisticRegressionModel(intercept: 0, coefficients: [.nan])
        #expect(thrownError { try ModelFormat.encodeJSON(nan) }?.kind == .badModel)
        let model = LogisticRegressionModel(intercept: 0, coefficients: [1])
        #expect(
            thrownError { try ModelFormat.encodeJSON(model, annotations: [("threshold", .integer(1))]) }?.message
                == "model: key \"threshold\" appears twice")
    }
}
