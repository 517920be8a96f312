import SluiceCore

/// How `spark-sql` prints result values (Spark's `HiveResult`): top-level values as `Cast`
/// renders them, NULL as `NULL`; inside arrays, maps and structs strings are quoted and NULL is
/// `null`: `["a","b"]`, `{"start":2019-04-03 02:53:20,"end":…}`.
public enum HiveText {
    /// `value` of `type` as one cell of `spark-sql` output.
    public static func render(_ value: Value, type: DataType, utcOffsetSeconds: Int, nested: Bool = false) -> String {
        if value == .null { return nested ? "null" : "NULL" }
        switch (value, type) {
        case (.string(let s), _): return nested ? "\"" + s + "\"" : s
        case (.composite(let items), .array(let element)):
            return "[" + items.map { render($0, type: element, utcOffsetSeconds: utcOffsetSeconds, nested: true) }
                .joined(separator: ",") + "]"
        case (.composite(let items), .struct(let fields)):
            let parts = zip(items, fields).map { item, field in
                "\"\(field.name)\":" + render(item, type: field.type, utcOffsetSeconds: utcOffsetSeconds, nested: true)
            }
            return "{" + parts.joined(separator: ",") + "}"
        default:
            return Cast.string(value, from: type, utcOffsetSeconds: utcOffsetSeconds) ?? (nested ? "null" : "NULL")
        }
    }
}
