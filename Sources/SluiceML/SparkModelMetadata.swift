/// What the `metadata/` JSON of a Spark model directory says: its class, format version and parameters.
public struct SparkModelMetadata: Sendable, Equatable {
    /// The saved class, e.g. `org.apache.spark.mllib.classification.LogisticRegressionModel`.
    public let className: String
    /// mllib's format version (`"1.0"`); `nil` for ml models.
    public let version: String?
    /// ml's `sparkVersion`; `nil` for mllib models.
    public let sparkVersion: String?
    /// mllib's `numFeatures`.
    public let numFeatures: Int?
    /// mllib's `numClasses`.
    public let numClasses: Int?
    /// ml's `threshold` parameter (set, else default); `nil` when absent.
    public let threshold: Double?
    /// ml's `thresholds` parameter (set, else default); `nil` when absent.
    public let thresholds: [Double]?

    /// The metadata of a model; for tests and writers.
    public init(
        className: String, version: String? = nil, sparkVersion: String? = nil, numFeatures: Int? = nil,
        numClasses: Int? = nil,
        threshold: Double? = nil, thresholds: [Double]? = nil
    ) {
        self.className = className
        self.version = version
        self.sparkVersion = sparkVersion
        self.numFeatures = numFeatures
        self.numClasses = numClasses
        self.threshold = threshold
        self.thresholds = thresholds
    }

    /// Decodes the one-line JSON of `metadata/part-00000`.
    /// - Throws: `MLError` of kind `badModel` when it is not JSON, has no `class`, or a known key has the wrong type.
    public static func decode(_ bytes: [UInt8]) throws(MLError) -> SparkModelMetadata {
        let json = try JSONValueReader.parse(bytes)
        guard case .object = json else { throw MLError(.badModel, "the metadata is not a JSON object") }
        guard case .string(let className)? = json["class"] else {
            throw MLError(.badModel, "the metadata has no \"class\" string")
        }
        func string(_ key: String) throws(MLError) -> String? {
            switch json[key] {
            case nil, .null?: return nil
            case .string(let value)?: return value
            default: throw MLError(.badModel, "the metadata's \"\(key)\" is not a string")
            }
        }
        func count(_ key: String) throws(MLError) -> Int? {
            switch json[key] {
            case nil, .null?: return nil
            case .number(let value)? where value >= 0 && value <= Double(Int32.max) && value == value.rounded():
                return Int(value)
            default:
                throw MLError(.badModel, "the metadata's \"\(key)\" is not a count (an integer from 0 to \(Int32.max))")
            }
        }
        // ml: a parameter set explicitly (paramMap) wins over its default (defaultParamMap).
        func parameter(_ key: String) -> JSONValue? {
            json["paramMap"]?[key] ?? json["defaultParamMap"]?[key]
        }
        var threshold: Double?
        switch parameter("threshold") {
        case nil, .null?: break
        case .number(let value)? where (0...1).contains(value): threshold = value
        default: throw MLError(.badModel, "the metadata's \"threshold\" parameter is not a number from 0 to 1")
        }
        var thresholds: [Double]?
        switch parameter("thresholds") {
        case nil, .null?: break
        case .array(let elements)?:
            var values: [Double] = []
            for element in elements {
                guard case .number(let value) = element, value >= 0 else {
                    throw MLError(
                        .badModel, "the metadata's \"thresholds\" parameter is not an array of non-negative numbers")
                }
                values.append(value)
            }
            thresholds = values
        default: throw MLError(.badModel, "the metadata's \"thresholds\" parameter is not an array of numbers")
        }
        return SparkModelMetadata(
            className: className, version: try string("version"), sparkVersion: try string("sparkVersion"),
            numFeatures: try count("numFeatures"), numClasses: try count("numClasses"), threshold: threshold,
            thresholds: thresholds)
    }
}
