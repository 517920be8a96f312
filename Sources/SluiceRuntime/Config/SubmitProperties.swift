/// What a `sluice submit --properties-file` file says, as `spark-submit` reads its own: the
/// cluster settings under their Spark names, other `spark.*` keys as settings applied before the
/// script (as `--conf`), `sluice.var.NAME` as the script variable `NAME` (as `-d NAME=…`), and
/// `sluice.*` settings of Sluice's own. Keys outside `spark.*` and `sluice.*` are ignored with a
/// warning, as spark-submit ignores them. The command line wins over the file. Pure: no I/O.
public struct SubmitProperties: Sendable {
    /// `spark.master`.
    public var master: String?
    /// `spark.executor.instances`.
    public var numExecutors: Int?
    /// `spark.executor.cores`.
    public var executorCores: Int?
    /// `spark.executor.memory`.
    public var executorMemory: String?
    /// `spark.driver.memory`.
    public var driverMemory: String?
    /// `spark.app.name`.
    public var name: String?
    /// `sluice.trigger`: available-now, once or processing-time=<interval>.
    public var trigger: String?
    /// The other `spark.*` keys, in file order, applied as `SET key=value` before the script.
    public var settings: [(key: String, value: String)] = []
    /// `sluice.var.NAME=value`, as the `-d NAME=value` definitions they stand for.
    public var definitions: [String] = []
    /// Keys ignored, with why, for standard error.
    public var warnings: [String] = []

    /// The prefix of script variables.
    public static let variablePrefix = "sluice.var."

    /// The `sluice.*` keys Sluice knows besides `sluice.var.*`.
    public static let sluiceKeys = ["sluice.trigger"]

    /// The settings of `entries`, read from the file named `file`.
    /// - Throws: `RuntimeError` naming the file and line of an unknown `sluice.*` key, a
    ///   `sluice.var.` key without a name, or a count that is not a positive integer.
    public init(entries: [PropertiesFile.Entry], file: String) throws(RuntimeError) {
        for entry in entries {
            let key = entry.key
            let location = "\(file):\(entry.line)"
            func count() throws(RuntimeError) -> Int {
                guard let value = Int(entry.value), value > 0 else {
                    throw RuntimeError("\(location): \(key) must be a positive integer, not '\(entry.value)'")
                }
                return value
            }
            switch key {
            case "spark.master": master = entry.value
            case "spark.executor.instances": numExecutors = try count()
            case "spark.executor.cores": executorCores = try count()
            case "spark.executor.memory": executorMemory = entry.value
            case "spark.driver.memory": driverMemory = entry.value
            case "spark.app.name": name = entry.value
            case "sluice.trigger": trigger = entry.value
            default:
                if key.hasPrefix(Self.variablePrefix) {
                    let variable = key.dropFirst(Self.variablePrefix.count)
                    guard !variable.isEmpty else { throw RuntimeError("\(location): \(key) needs a variable name after the dot") }
                    definitions.append("\(variable)=\(entry.value)")
                } else if key.hasPrefix("sluice.") {
                    let known = (Self.sluiceKeys + ["\(Self.variablePrefix)NAME"]).joined(separator: ", ")
                    throw RuntimeError("\(location): unknown property '\(key)'; Sluice knows \(known) and spark.* keys")
                } else if key.hasPrefix("spark.") {
                    settings.append((key, entry.value))
                } else {
                    warnings.append("\(location): ignoring non-Spark property '\(key)' (keys start with spark. or sluice.)")
                }
            }
        }
    }
}
