import ArgumentParser
import Foundation
import SluiceML

#if canImport(Glibc)
    import Glibc
#endif

/// `sluice train`: logistic regression on a LIBSVM file, as Spark ML's `LogisticRegression`
/// trains it, written in Sluice's JSON model format or as Spark saves it (`spark-ml`, `spark-mllib`).
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a logistic-regression model on a LIBSVM file, as Spark ML's LogisticRegression does.",
        discussion: "Features are standardized; the objective is the mean log-loss plus "
            + "reg-param x ((1 - elastic-net) / 2 x |w|^2 + elastic-net x |w|_1), the intercept not penalized; "
            + "it is minimized by L-BFGS, or OWL-QN when the L1 part is not zero. With --format json the model is "
            + "written in Sluice's JSON model format: to OUTPUT/model.json, or to OUTPUT itself when it ends in .json; "
            + "with spark-ml or spark-mllib, OUTPUT is a model directory as Spark saves it (metadata/, data/), "
            + "which Spark's LogisticRegressionModel.load and Sluice read. Progress "
            + "(iteration, loss) is shown on standard error when it is a terminal. See docs/models.md."
    )

    /// The name of the model file in an output directory.
    static let modelFileName = "model.json"

    @Option(help: ArgumentHelp("The LIBSVM file to train on (labels 0, 1, …).", valueName: "file"))
    var input: String

    @Option(
        help: ArgumentHelp(
            "Where to write the model: a directory (the model goes to model.json in it), or a file ending in .json.",
            valueName: "path"))
    var output: String

    @Option(
        help: ArgumentHelp(
            "Model format: json (Sluice's), spark-ml (Spark ML's LogisticRegressionModel) or spark-mllib "
                + "(Spark MLlib's, binary).", valueName: "format"))
    var format = "json"

    @Option(help: "Iterations of the optimizer at most.")
    var maxIter = 100

    @Option(help: "Strength of the penalty, 0 or more.")
    var regParam = 0.0

    @Option(help: ArgumentHelp("Mix of the penalty, from 0 (L2) to 1 (L1).", valueName: "alpha"))
    var elasticNet = 0.0

    @Option(help: "The model's decision threshold on the probability of class 1, from 0 to 1.")
    var threshold = 0.5

    @Option(help: "Convergence tolerance, relative.")
    var tol = 1e-6

    @Option(help: ArgumentHelp("binomial, multinomial, or auto (binomial for two classes).", valueName: "family"))
    var family = "auto"

    @Flag(help: "Penalize the coefficients of the original features, not of the standardized ones.")
    var noStandardization = false

    @Flag(help: "Fit no intercept (the model's intercept is 0).")
    var noIntercept = false

    @Flag(
        help: ArgumentHelp(
            "Replace the model if it exists (json in a directory: model.json only; "
                + "the Spark formats: the whole directory).")
    )
    var overwrite = false

    @Flag(help: "Show no progress, even on a terminal.")
    var quiet = false

    func validate() throws {
        guard ["json", "spark-ml", "spark-mllib"].contains(format) else {
            throw ValidationError("--format takes json, spark-ml or spark-mllib")
        }
        if maxIter < 0 { throw ValidationError("--max-iter must be 0 or more") }
        if !(regParam.isFinite && regParam >= 0) { throw ValidationError("--reg-param must be a number, 0 or more") }
        if !(0...1).contains(elasticNet) { throw ValidationError("--elastic-net takes a number from 0 to 1") }
        if !(0...1).contains(threshold) { throw ValidationError("--threshold takes a number from 0 to 1") }
        if !(tol.isFinite && tol >= 0) { throw ValidationError("--tol must be a number, 0 or more") }
        if LogisticRegressionFamily(rawValue: family) == nil {
            throw ValidationError("--family takes binomial, multinomial or auto")
        }
    }

    var parameters: LogisticRegressionParameters {
        var parameters = LogisticRegressionParameters()
        parameters.maxIterations = maxIter
        parameters.regParam = regParam
        parameters.elasticNetParam = elasticNet
        parameters.tolerance = tol
        parameters.family = LogisticRegressionFamily(rawValue: family) ?? .auto
        parameters.standardization = !noStandardization
        parameters.fitIntercept = !noIntercept
        return parameters
    }

    func run() throws {
        if format != "json" {
            return try runSpark()
        }
        let destination = try modelFile()
        let (data, fit) = trainFit(binaryOnly: "the JSON model format")
        let file: [UInt8]
        do {
            let model = try fit.binaryModel(threshold: threshold)
            file = try ModelFormat.encodeJSON(model, annotations: annotations(data, fit))
        } catch {
            fail(error.message)
        }
        do {
            try write(file, to: destination)
        } catch {
            fail("cannot write \(destination): \(error.localizedDescription)")
        }
        let objective = fit.objectiveHistory.last ?? .nan
        print(
            "trained on \(data.count) rows of \(data.numFeatures) features: \(fit.iterations) iterations "
                + "(\(fit.convergence.rawValue)), loss \(objective); model written to \(destination)")
    }

    /// The path of the model file, the output checked: an existing model file, or a directory
    /// that holds anything, is refused without `--overwrite`.
    private func modelFile() throws -> String {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: output, isDirectory: &isDirectory)
        if output.hasSuffix(".json") && !(exists && isDirectory.boolValue) {
            if exists && !overwrite { fail("\(output) exists; pass --overwrite to replace it") }
            return output
        }
        if exists && !isDirectory.boolValue {
            fail("\(output) is a file, not a directory (a model file's name ends in .json)")
        }
        if exists && !overwrite, let contents = try? manager.contentsOfDirectory(atPath: output), !contents.isEmpty {
            fail("\(output) is not empty; pass --overwrite to replace its \(Self.modelFileName)")
        }
        return (output as NSString).appendingPathComponent(Self.modelFileName)
    }

    /// Writes `bytes` to `path` whole or not at all: a temporary file beside it, renamed over it.
    private func write(_ bytes: [UInt8], to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let temporary =
            (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// How the model was made, written beside its keys.
    private func annotations(_ data: TrainingData, _ fit: LogisticRegressionFit) -> [(
        key: String, value: ModelAnnotation
    )] {
        let p = parameters
        return [
            (
                "trainer",
                .string(
                    "sluice train: LogisticRegression(maxIter=\(p.maxIterations), regParam=\(p.regParam), "
                        + "elasticNetParam=\(p.elasticNetParam), tol=\(p.tolerance), family=\(p.family.rawValue), "
                        + "standardization=\(p.standardization), fitIntercept=\(p.fitIntercept))")
            ),
            ("trainingRows", .integer(data.count)),
            ("iterations", .integer(fit.iterations)),
            ("convergence", .string(fit.convergence.rawValue)),
            ("objective", .number(fit.objectiveHistory.last ?? .nan)),
        ]
    }

    func fail(_ message: String) -> Never {
        printError("sluice train: error: \(message)")
        Foundation.exit(1)
    }
}
