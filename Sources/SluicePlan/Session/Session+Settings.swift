import SluiceCore

extension Session {
    /// `SET`, `SET key` and `SET key=value`; as Spark's, what they print has the values of secret
    /// keys redacted (and the passwords of URLs masked).
    func set(key: String?, value: String?, span: SourceSpan) throws -> [Output] {
        guard let key else {
            return state.conf.keys.sorted().map { .row("\($0)\t\(Redaction.display($0, state.conf[$0] ?? ""))") }
        }
        guard let value else {
            return [.row("\(key)\t\(state.value(key).map { Redaction.display(key, $0) } ?? "<undefined>")")]
        }
        try validate(key: key, value: value, span: span)
        state.set(key, value)
        return [.row("\(key)\t\(Redaction.display(key, value))")]
    }

    /// Settings Sluice reads are checked when set, so a typo fails here rather than at run time.
    private func validate(key: String, value: String, span: SourceSpan) throws {
        let lower = key.lowercased()
        if lower.hasPrefix("spark.sql.streaming.query.outputmode.") || lower == "spark.sql.streaming.outputmode" {
            guard OutputMode(rawValue: value.lowercased()) != nil else {
                throw PlanError(.invalidOption, "output mode '\(value)' is not append, update or complete", at: span)
            }
        }
        if lower == SessionState.Key.queryName.lowercased(), !value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            throw PlanError(
                .invalidOption, "query name '\(value)' may hold only letters, digits and '_'", at: span)
        }
        if let (providerName, option) = SessionDataSourceOptions.split(key), let provider = Provider.all[providerName],
            !provider.knows(option)
        {
            let known = (provider.requiredOptions + provider.optionalOptions).joined(separator: ", ")
            throw PlanError(
                .invalidOption, "unknown option '\(option)' for data source '\(provider.name)'; it takes: \(known)", at: span)
        }
        if lower == SessionState.Key.timeZone.lowercased(), !TimeZoneName.isPlausible(value) {
            throw PlanError(
                .invalidOption, "time zone '\(value)' is neither a region like 'Asia/Shanghai' nor an offset like '+08:00'",
                at: span)
        }
    }
}

/// A syntactic check of time-zone names; the zone database itself is read at run time.
enum TimeZoneName {
    static func isPlausible(_ name: String) -> Bool {
        if ["UTC", "GMT", "Z"].contains(name.uppercased()) { return true }
        if let first = name.first, first == "+" || first == "-" {
            let rest = name.dropFirst()
            return !rest.isEmpty && rest.allSatisfy { $0.isNumber || $0 == ":" }
        }
        return name.contains("/") && name.allSatisfy { $0.isLetter || $0.isNumber || "/_-+".contains($0) }
    }
}
