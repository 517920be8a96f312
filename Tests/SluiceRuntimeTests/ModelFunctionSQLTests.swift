import Foundation
import SluiceML
import SluicePlan
import SluiceRuntime
import Testing

/// The model functions in SQL, through the real session, binder, evaluator and model loader, over
/// Spark's reference models and the 100 rows of `sample_libsvm_data.txt`, with the features as
/// LIBSVM text, as an `array<double>` and as Spark's vector struct (sparse and dense).
@Suite struct ModelFunctionSQLTests {
    static let models = SparkModelDirectoryTests.models
    static let numFeatures = 692

    /// Spark's predictions (and `<model>:probability` probabilities of class 1) per row.
    static let spark: [String: [Double]] = {
        let data = try! Data(contentsOf: models.appendingPathComponent("../spark_predictions.json"))
        let object = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
        return object["predictions"] as! [String: [Double]]
    }()

    /// A JSON-lines file of the sample rows: `row`, `label`, `features` (LIBSVM text), `dense`
    /// (all 692 values, comma-separated), `indices` (0-based) and `vals` (the sparse entries).
    static func samples(extra: [String] = []) throws -> URL {
        let text = try String(contentsOf: models.appendingPathComponent("../sample_libsvm_data.txt"), encoding: .utf8)
        var lines: [String] = []
        for (row, line) in text.split(separator: "\n").enumerated() {
            let tokens = line.split(separator: " ")
            var dense = [String](repeating: "0.0", count: numFeatures)
            var indices: [String] = []
            var values: [String] = []
            for token in tokens.dropFirst() {
                let parts = token.split(separator: ":")
                let index = Int(parts[0])! - 1
                dense[index] = String(parts[1])
                indices.append(String(index))
                values.append(String(parts[1]))
            }
            let features = tokens.dropFirst().joined(separator: " ")
            lines.append(
                #"{"row": \#(row), "label": "\#(tokens[0])", "features": "\#(features)", "dense": "\#(dense.joined(separator: ","))", "indices": "\#(indices.joined(separator: ","))", "vals": "\#(values.joined(separator: ","))"}"#
            )
        }
        let directory = try SluiceBinary.temporaryDirectory()
        let file = directory.appendingPathComponent("samples.json")
        try (lines + extra).joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    struct Output {
        var rows: [[String]] = []
        var warnings: [String] = []
        var error: String?
    }

    /// Runs `sql` in a fresh session.
    static func run(_ sql: String) -> Output {
        var output = Output()
        ScriptRunner(session: Session(store: InMemoryCatalogStore()), trigger: .availableNow).run(
            text: sql, name: "models", variables: [:]
        ) { event in
            switch event {
            case .row(let line): output.rows.append(line.components(separatedBy: "\t"))
            case .warning(let message): output.warnings.append(message)
            case .error(let message): output.error = message
            }
        }
        return output
    }

    /// The table of `file`; streaming reads its directory as a stream of files.
    static func table(_ file: URL, streaming: Bool = false) -> String {
        let path = streaming ? file.deletingLastPathComponent().path : file.path
        return
            "CREATE TABLE samples (row int, label string, features string, dense string, indices string, vals string) "
            + "USING json OPTIONS (path='\(path)');\n"
    }

    /// The three feature shapes, and the vector struct in its dense form, as SQL expressions.
    static let shapes = [
        "concat_ws(' ', label, features)",
        "cast(split(dense, ',') as array<double>)",
        "named_struct('type', cast(0 as tinyint), 'size', 692, 'indices', cast(split(indices, ',') as array<int>), "
            + "'values', cast(split(vals, ',') as array<double>))",
        "named_struct('type', cast(1 as tinyint), 'size', cast(NULL as int), 'indices', cast(NULL as array<int>), "
            + "'values', cast(split(dense, ',') as array<double>))",
    ]

    /// `function(model, features)` in each shape, one column per shape, rows in file order.
    static func results(_ function: String, model: String, file: URL) throws -> [[Double?]] {
        let path = SparkModelDirectoryTests.path(model)
        let columns = shapes.map { "\(function)('\(path)', \($0))" }.joined(separator: ", ")
        let output = run(table(file) + "SELECT row, \(columns) FROM samples ORDER BY row")
        #expect(output.error == nil, "\(output.error ?? "")")
        return output.rows.map { row in row.dropFirst().map { $0 == "NULL" ? nil : Double($0) } }
    }

    static func isClose(_ actual: Double?, _ expected: Double) -> Bool {
        guard let actual else { return false }
        return actual == expected || abs(actual - expected) <= 1e-9 * abs(expected)
    }

    @Test(arguments: ["mllib-lr-lbfgs", "ml-lr-binary", "ml-lr-elasticnet", "ml-lr-multinomial"])
    func probabilityInEveryShapeIsSparks(model: String) throws {
        let file = try Self.samples()
        let expected = try #require(Self.spark[model + ":probability"])
        let rows = try Self.results("logistic_regression_proba", model: model, file: file)
        #expect(rows.count == expected.count)
        for (row, results) in rows.enumerated() {
            for (shape, result) in results.enumerated() {
                #expect(
                    Self.isClose(result, expected[row]),
                    "\(model) row \(row) shape \(shape): \(result ?? .nan) vs \(expected[row])")
            }
        }
    }

    @Test(arguments: [
        ("logistic_regression_predict", "mllib-lr-lbfgs"), ("logistic_regression_predict", "mllib-lr-l2-threshold07"),
        ("logistic_regression_predict", "ml-lr-binary"), ("logistic_regression_predict", "ml-lr-elasticnet"),
        ("logistic_regression_predict", "ml-lr-multinomial"), ("svm_predict", "mllib-svm"),
    ])
    func predictionInEveryShapeIsSparks(function: String, model: String) throws {
        let file = try Self.samples()
        let expected = try #require(Self.spark[model])
        let rows = try Self.results(function, model: model, file: file)
        #expect(rows.count == expected.count)
        for (row, results) in rows.enumerated() {
            #expect(results == Array(repeating: expected[row], count: Self.shapes.count), "\(model) row \(row)")
        }
    }

    @Test func theUDFTakesEveryShapeToo() throws {
        let file = try Self.samples()
        let expected = try #require(Self.spark["ml-lr-multinomial"])
        let path = SparkModelDirectoryTests.path("ml-lr-multinomial")
        let columns = Self.shapes.map { "default.lr('\(path)', \($0))" }.joined(separator: ", ")
        let output = Self.run(
            Self.table(file) + "CREATE FUNCTION lr AS 'org.apache.spark.sql.aliyun.udfs.ml.LogisticRegressionUDF';\n"
                + "SELECT row, \(columns) FROM samples ORDER BY row")
        #expect(output.error == nil, "\(output.error ?? "")")
        #expect(output.rows.count == expected.count)
        for (row, line) in output.rows.enumerated() {
            #expect(line.dropFirst().map { Double($0) } == Array(repeating: expected[row], count: Self.shapes.count))
        }
    }

    @Test func aModelOfTheWrongKindIsRefusedNamingThePath() throws {
        let file = try Self.samples()
        let lr = SparkModelDirectoryTests.path("ml-lr-binary")
        let svm = SparkModelDirectoryTests.path("mllib-svm")
        let svmOverLR = Self.run(Self.table(file) + "SELECT svm_predict('\(lr)', features) FROM samples")
        #expect(
            svmOverLR.error?.contains("\(lr) is a Spark logisticRegression model, not a Spark SVMModel: svm_predict")
                == true,
            "\(svmOverLR.error ?? "")")
        let json = SparkModelDirectoryTests.models.appendingPathComponent("../lr_model.json").standardizedFileURL.path
        let svmOverJSON = Self.run(Self.table(file) + "SELECT svm_predict('\(json)', features) FROM samples")
        #expect(
            svmOverJSON.error?.contains("\(json) is a binary logistic-regression model, not a Spark SVMModel") == true)
        for function in ["logistic_regression_proba", "logistic_regression_predict"] {
            let lrOverSVM = Self.run(Self.table(file) + "SELECT \(function)('\(svm)', features) FROM samples")
            #expect(
                lrOverSVM.error?.contains("\(svm) is a Spark SVMModel, not a logistic-regression model: \(function)")
                    == true,
                "\(lrOverSVM.error ?? "")")
        }
        let missing = Self.run(
            Self.table(file) + "SELECT logistic_regression_proba('/nonexistent/model', features) FROM samples")
        #expect(
            missing.error?.contains("model path /nonexistent/model does not exist") == true, "\(missing.error ?? "")")
        let variable = Self.run(Self.table(file) + "SELECT logistic_regression_proba(label, features) FROM samples")
        #expect(
            variable.error?.contains("the model path of logistic_regression_proba must be a string literal") == true,
            "\(variable.error ?? "")")
        let badShape = Self.run(Self.table(file) + "SELECT svm_predict('\(svm)', named_struct('a', 1)) FROM samples")
        #expect(
            badShape.error?.contains("argument 2 of svm_predict: expects a LIBSVM string, an array<double> or a vector")
                == true,
            "\(badShape.error ?? "")")
    }

    /// Malformed features give NULL and are counted in the streaming query's progress.
    @Test func malformedFeaturesAreNullAndCounted() throws {
        let zeros = [String](repeating: "0", count: 692)
        let extra = [
            // dense with 691 values; sparse index 692 (= numFeatures); indices not ascending; a NULL value
            #"{"row": 100, "label": "1", "features": "1:1 693:1", "dense": "\#(zeros.dropLast().joined(separator: ","))", "indices": "692", "vals": "1"}"#,
            #"{"row": 101, "label": "1", "features": "2:1 1:1", "dense": "\#(zeros.joined(separator: ",")),x", "indices": "5,3", "vals": "1,1"}"#,
            #"{"row": 102, "label": "1", "features": "x", "dense": "1,\#(zeros.dropFirst().joined(separator: ","))", "indices": "1,2", "vals": "1,x"}"#,
            #"{"row": 103}"#,
        ]
        let file = try Self.samples(extra: extra)
        let path = SparkModelDirectoryTests.path("ml-lr-binary")
        let columns = Self.shapes.prefix(3).map { "logistic_regression_proba('\(path)', \($0))" }.joined(
            separator: ", ")
        let query = "SELECT row, \(columns) FROM samples WHERE row >= 100"
        let output = Self.run(Self.table(file) + query + " ORDER BY row")
        #expect(output.error == nil, "\(output.error ?? "")")
        let rows = output.rows.sorted { Int($0[0])! < Int($1[0])! }
        #expect(rows.map { $0[0] } == ["100", "101", "102", "103"], "\(output.rows)")
        for row in rows {
            let whole = row[0] == "102" ? [false, true, false] : [false, false, false]
            #expect(row.dropFirst().map { $0 != "NULL" } == whole, "\(row)")
        }
        // Row 102's dense features are whole: 1.0 in the first slot.
        let model = try ModelRegistry().classifier(at: path)
        let expected = model.probability(SparseVector(size: 692, indices: [0], values: [1.0]))!
        #expect(rows.count == 4 && Self.isClose(Double(rows[2][2]), expected), "\(rows)")
        // Read as a stream, the epoch's progress counts the malformed records.
        let stream = Self.run(Self.table(file, streaming: true) + query)
        #expect(stream.error == nil, "\(stream.error ?? "")")
        #expect(
            stream.warnings.contains { $0.contains("104 rows in") && $0.contains("11 malformed records") },
            "\(stream.warnings)")
    }
}
