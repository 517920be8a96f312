/// Named limits, units last. Going past one is an error, never unbounded growth.
public enum Limits {
    /// Largest script `sluice sql` reads, in bytes.
    public static let scriptBytesMax = 16 * 1024 * 1024
    /// Deepest nesting of expressions and subqueries the parser accepts.
    public static let expressionDepthMax = 200
    /// Most statements in one script.
    public static let statementsPerScriptMax = 100_000
    /// Most `${name}` replacements in one script (guards against self-expanding values).
    public static let variableReplacementsMax = 100_000
    /// Longest identifier, in bytes.
    public static let identifierBytesMax = 1024
    /// Most columns in one table or select list.
    public static let columnsMax = 10_000
}
