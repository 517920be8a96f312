import SluiceExec
import SluiceML
import Testing

/// The model UDF as evaluation calls it: predictions from SluiceML's model, NULL (nil) for a
/// malformed record.
struct LogisticRegressionFunctionTests {
    /// Scores `f(line)` with the line's bytes.
    func withBytes<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        Array(text.utf8).withUnsafeBufferPointer(body)
    }

    @Test func aWholeRecordIsTheModelsPredictionInEveryForm() {
        let positive = LogisticRegressionFunction(model: LogisticRegressionModel(intercept: 0, coefficients: [2, 2]))
        let negative = LogisticRegressionFunction(model: LogisticRegressionModel(intercept: 0, coefficients: [-2, -2]))
        #expect(withBytes("0 1:0.5 2:1.5") { positive.predict(line: $0) } == 1)
        #expect(withBytes("1 1:0.5 2:1.5") { negative.predict(line: $0) } == 0)
        let split = withBytes("0") { label in
            withBytes("1:0.5 2:1.5") { features in positive.predict(label: label, features: features) }
        }
        #expect(split == 1)
        let pair = withBytes("0") { label in
            withBytes("1:0.5 2:1.5") { features in
                withBytes("x:y") { bad in negative.predictPair((label, features), (label, bad)) }
            }
        }
        #expect(pair.0 == 0)
        #expect(pair.1 == nil)
    }

    @Test func aMalformedRecordIsNull() {
        let function = LogisticRegressionFunction(model: LogisticRegressionModel(intercept: 0, coefficients: [1, 1]))
        #expect(withBytes("1 1:abc") { function.predict(line: $0) } == nil)
        #expect(withBytes("") { function.predict(line: $0) } == nil)
    }
}
