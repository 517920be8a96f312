import SluiceCore

/// Every built-in function by name, and the classes `CREATE FUNCTION … AS '…'` may name.
public enum FunctionRegistry {
    /// The built-ins by lower-case name (aliases included).
    public static let builtins: [String: FunctionSignature] = {
        var table: [String: FunctionSignature] = [:]
        for signature in ScalarFunctions.all + AggregateFunctions.all + WindowFunctions.all + ModelFunctions.all {
            table[signature.name] = signature
        }
        for (alias, target) in aliases { table[alias] = table[target] }
        return table
    }()

    /// Other names Spark accepts for the same functions.
    static let aliases: [String: String] = [
        "ifnull": "nvl", "ceiling": "ceil", "power": "pow", "substr": "substring", "lcase": "lower",
        "ucase": "upper", "char_length": "length", "character_length": "length", "mean": "avg",
        "stddev_samp": "stddev", "var_samp": "variance", "first_value": "first", "last_value": "last", "now": "current_timestamp",
    ]

    /// The built-in named `name` (case-insensitive).
    public static func builtin(_ name: String) -> FunctionSignature? {
        builtins[name.lowercased()]
    }

    /// Classes that `CREATE FUNCTION` binds to a built-in implementation, by class name.
    public static let userFunctionClasses: [String: FunctionSignature] = [
        ModelFunctions.logisticRegressionUDFClass: FunctionSignature(
            "logistic_regression", arguments: 2...2,
            usage: "f(modelPath, features) - predicts with the logistic-regression or SVM model at modelPath; features is "
                + "a LIBSVM string '<label> i:v …', an array<double> or a vector struct; returns 1.0/0.0 (or the "
                + "probability when the model has no threshold)",
            typing: ModelFunctions.featureTyping),
    ]
}
