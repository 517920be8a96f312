import SluiceCore

/// The model functions: the logistic-regression UDF class that `CREATE FUNCTION` binds, and the
/// built-ins `logistic_regression_proba`, `logistic_regression_predict` and `svm_predict`, usable
/// without `CREATE FUNCTION` as Spark's built-ins are. All bind to `.userFunction` with their
/// class name, which the function resolver of the runtime implements over the model at the path.
///
/// The features are a LIBSVM string `'<label> i:v …'`, an `array<double>` of dense features, or
/// Spark's vector struct `struct<type:tinyint,size:int,indices:array<int>,values:array<double>>`.
public enum ModelFunctions {
    /// The class of the logistic-regression UDF of EMR.
    public static let logisticRegressionUDFClass = "org.apache.spark.sql.aliyun.udfs.ml.LogisticRegressionUDF"
    /// The class of `logistic_regression_proba`: the probability of class 1.
    public static let probabilityClass = "sluice.ml.LogisticRegressionProbability"
    /// The class of `logistic_regression_predict`: the UDF's prediction, over logistic-regression models only.
    public static let predictionClass = "sluice.ml.LogisticRegressionPrediction"
    /// The class of `svm_predict`: the prediction of Spark's `SVMModel`.
    public static let svmPredictionClass = "sluice.ml.SVMPrediction"

    /// The built-in model functions' signatures.
    static let all: [FunctionSignature] = [
        FunctionSignature(
            "logistic_regression_proba", arguments: 2...2,
            usage: "logistic_regression_proba(modelPath, features) - the probability of class 1 under the "
                + "logistic-regression model at modelPath (a constant string); features is a LIBSVM string, "
                + "an array<double> or a vector struct",
            typing: featureTyping),
        FunctionSignature(
            "logistic_regression_predict", arguments: 2...2,
            usage: "logistic_regression_predict(modelPath, features) - the predicted class (1.0/0.0, or the "
                + "probability when an mllib model's threshold is cleared) under the logistic-regression model at "
                + "modelPath; features is a LIBSVM string, an array<double> or a vector struct",
            typing: featureTyping),
        FunctionSignature(
            "svm_predict", arguments: 2...2,
            usage: "svm_predict(modelPath, features) - the prediction (1.0/0.0, or the margin when the threshold "
                + "is cleared) of the Spark SVMModel at modelPath; features is a LIBSVM string, an array<double> "
                + "or a vector struct",
            typing: featureTyping),
    ]

    /// The class of each built-in model function, by name.
    static let builtinClasses: [String: String] = [
        "logistic_regression_proba": probabilityClass,
        "logistic_regression_predict": predictionClass,
        "svm_predict": svmPredictionClass,
    ]

    /// The definition a call of the built-in model function `name` (case-insensitive) binds to;
    /// `nil` when `name` is not one.
    public static func builtin(_ name: String) -> FunctionDefinition? {
        let lower = name.lowercased()
        guard let className = builtinClasses[lower] else { return nil }
        return FunctionDefinition(database: "", name: lower, className: className, resources: [])
    }

    /// How a model function reads its features, told by their type.
    public enum FeatureShape: Sendable, Equatable {
        /// A LIBSVM string `'<label> i:v …'`.
        case libsvm
        /// An array of numbers: the dense features, one per model feature.
        case dense
        /// Spark's VectorUDT struct; the positions of its `type`, `size`, `indices` and `values` fields.
        case vector(type: Int, size: Int, indices: Int, values: Int)
    }

    /// The shape of features of type `type`, or `nil` when a model function does not take it.
    /// Strings (and what casts to a string implicitly) are LIBSVM text.
    public static func shape(of type: DataType) -> FeatureShape? {
        switch type {
        case .array(let element):
            return isNumber(element) ? .dense : nil
        case .struct(let fields):
            func position(_ name: String) -> Int? { fields.firstIndex { $0.name.lowercased() == name } }
            guard let kind = position("type"), let size = position("size"), let indices = position("indices"),
                let values = position("values"), fields.count == 4,
                isInteger(fields[kind].type), isInteger(fields[size].type),
                case .array(let indexType) = fields[indices].type, isInteger(indexType),
                case .array(let valueType) = fields[values].type, isNumber(valueType)
            else { return nil }
            return .vector(type: kind, size: size, indices: indices, values: values)
        default:
            return TypeCoercion.canImplicitlyCast(from: type, to: .string) ? .libsvm : nil
        }
    }

    private static func isInteger(_ type: DataType) -> Bool { type.isIntegral || type == .null }
    private static func isNumber(_ type: DataType) -> Bool { type.isNumeric || type == .null }

    /// `(modelPath string, features)` with a double result: LIBSVM features are cast to string,
    /// arrays and vector structs are read as they are.
    @Sendable static func featureTyping(_ arguments: [DataType]) -> FunctionSignature.Typing {
        guard TypeCoercion.canImplicitlyCast(from: arguments[0], to: .string) else {
            return .mismatch(index: 0, message: "expects the model path as a string, got \(arguments[0].sqlName)")
        }
        switch shape(of: arguments[1]) {
        case .libsvm: return .typed(result: .double, arguments: [.string, .string])
        case .dense, .vector: return .typed(result: .double, arguments: [.string, arguments[1]])
        case nil:
            return .mismatch(
                index: 1,
                message: "expects a LIBSVM string, an array<double> or a vector "
                    + "struct<type:tinyint,size:int,indices:array<int>,values:array<double>>, got \(arguments[1].sqlName)"
            )
        }
    }
}
