import SluiceML
import Testing

/// Training data and parameters that cannot be trained on, and the cases Spark handles specially.
@Suite struct TrainingInputTests {
    func data(_ text: String) throws(MLError) -> TrainingData {
        try TrainingData(libsvm: Array(text.utf8))
    }

    func trainingError(_ text: String, _ change: (inout LogisticRegressionParameters) -> Void = { _ in }) -> MLError? {
        var parameters = LogisticRegressionParameters()
        change(&parameters)
        return thrownError { try LogisticRegressionTrainer.train(data(text), parameters) }
    }

    @Test func readsLinesAsSparksLibSVMSourceDoes() throws {
        let data = try data("# a comment\n1 1:0.5 3:2\n\n  0 2:1.5  \r\n0\n")
        #expect(data.count == 3)
        #expect(data.numFeatures == 3)
        #expect(data.labels == [1, 0, 0])
        #expect(data.lines == [2, 4, 5])
        #expect(data.rowStarts == [0, 2, 3, 3])
        #expect(data.indices == [0, 2, 1])
        #expect(data.values == [0.5, 2, 1.5])
    }

    @Test func aMalformedLineIsNamedByItsNumber() {
        let error = thrownError { try data("1 1:0.5\n\n# comment\n0 2:x\n") }
        #expect(error?.kind == .badTrainingData)
        #expect(error?.message == "line 4: LIBSVM record: bad feature value in \"2:x\"")
        #expect(
            thrownError { try data("1 2:1 1:1") }?.message.hasPrefix("line 1: LIBSVM record: feature index 1 after 2")
                == true)
        #expect(
            thrownError { try data("1 1:nan") }?.message == "line 1: the value of feature 1 is nan, not a finite number"
        )
        #expect(thrownError { try data("inf 1:1") }?.message == "line 1: the label inf is not a finite number")
    }

    @Test func noRowsIsAnError() {
        for text in ["", "\n\n", "# nothing\n   \n"] {
            let error = trainingError(text)
            #expect(error?.kind == .badTrainingData)
            #expect(error?.message == "there are no rows to train on")
        }
    }

    @Test func oneClassIsAnError() {
        #expect(
            trainingError("1 1:1\n1 1:2\n")?.message == "every row has the label 1: training needs at least two classes"
        )
        #expect(
            trainingError("0 1:1\n0 1:2\n")?.message == "every row has the label 0: training needs at least two classes"
        )
        #expect(trainingError("2 1:1\n2 1:2\n") { $0.family = .multinomial }?.kind == .badTrainingData)
    }

    @Test func labelsMustBeClassIndices() {
        #expect(trainingError("1 1:1\n-1 1:2\n")?.message == "line 2: the label -1.0 is not a class index (0, 1, …)")
        #expect(trainingError("1 1:1\n0.5 1:2\n")?.message == "line 2: the label 0.5 is not a class index (0, 1, …)")
        #expect(
            trainingError("1 1:1\n0 1:3\n2 1:2\n") { $0.family = .binomial }?.message
                == "line 3: the label 2.0 is not 0 or 1, which the binomial family takes")
    }

    @Test func parametersOutOfRangeAreErrors() {
        let text = "1 1:1\n0 1:2\n"
        #expect(trainingError(text) { $0.regParam = -0.1 }?.message == "regParam must be a finite number ≥ 0, not -0.1")
        #expect(
            trainingError(text) { $0.elasticNetParam = 1.5 }?.message == "elasticNetParam must be from 0 to 1, not 1.5")
        #expect(trainingError(text) { $0.elasticNetParam = -0.5 }?.kind == .badTrainingParameter)
        #expect(trainingError(text) { $0.maxIterations = -1 }?.kind == .badTrainingParameter)
        #expect(trainingError(text) { $0.tolerance = .nan }?.kind == .badTrainingParameter)
    }

    @Test func tooManyCoefficientsIsAnErrorBeforeAnythingIsAllocated() {
        let error = trainingError("1 2147483647:1\n0 1:1\n")
        #expect(error?.kind == .badTrainingData)
        #expect(error?.message.hasPrefix("the model would have 2147483648 × 1 coefficients") == true)
    }

    /// A feature with the same value on every row (a constant column) gets coefficient 0, as in Spark.
    @Test func aConstantFeatureGetsNoWeight() throws {
        let data = try data("1 1:0.1 2:3\n0 1:0.1 2:1\n1 1:0.1 2:2.5\n0 1:0.1 2:2\n1 1:0.1 2:1.2\n")
        var parameters = LogisticRegressionParameters()
        parameters.regParam = 0.1
        let fit = try LogisticRegressionTrainer.train(data, parameters)
        #expect(fit.coefficients[0][0] == 0)
        #expect(fit.coefficients[0][1] != 0)
    }

    /// Three classes: `auto` trains a softmax model, whose rows and intercepts sum to zero.
    @Test func threeClassesTrainAMultinomialModel() throws {
        let data = try data("0 1:1\n0 1:1.5 2:0.2\n1 2:1\n1 1:0.2 2:1.3\n2 1:1 2:1\n2 1:1.1 2:0.8\n0 1:1.2\n")
        var parameters = LogisticRegressionParameters()
        parameters.regParam = 0.05
        let fit = try LogisticRegressionTrainer.train(data, parameters)
        #expect(fit.isMultinomial && fit.numClasses == 3)
        #expect(abs(fit.intercepts.reduce(0, +)) < 1e-12)
        #expect(thrownError { try fit.binaryModel() }?.message == "a multinomial model of 3 classes has no binary form")
    }
}
