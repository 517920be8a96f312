import SluiceCore
import SluiceSQL

extension Binder {
    /// Binds `INSERT INTO table query` with the streaming settings of the session.
    /// - Throws: `PlanError` when the table cannot be written, the columns do not fit, or the
    ///   settings are inconsistent.
    public func bindInsert(table name: QualifiedName, query: Query) throws -> InsertPlan {
        let table = try self.table(name)
        guard let provider = Provider.all[table.provider], provider.isSink else {
            throw PlanError(
                .unsupported, "table \(table.qualifiedName) (\(table.provider)) is a source and cannot be written",
                at: name.span)
        }
        let plan = try bindQuery(query)
        try checkColumns(plan.output, fit: table, at: query.span)
        let queryName = session.value(SessionState.Key.queryName)
        let statement = queryName.flatMap { session.value(SessionState.Key.sinkStatement($0)) }
        if let statement, provider.takesStatement {
            // With EMR's batchIdCol the batch id is bound as one more, last parameter.
            let expected = plan.output.count + (table.option("batchIdCol") == nil ? 0 : 1)
            let markers = SinkStatement.parameterCount(statement)
            if markers != expected {
                throw PlanError(
                    .typeMismatch,
                    "the sink statement of query '\(queryName ?? "")' has \(markers) '?' parameters but the query "
                        + "produces \(expected) values\(expected > plan.output.count ? " (its columns and the batch id)" : "")",
                    at: query.span)
            }
        }
        let mode = try outputMode(queryName: queryName, plan: plan, at: query.span)
        return InsertPlan(
            table: table, query: plan, queryName: queryName, outputMode: mode,
            checkpointLocation: queryName.flatMap { session.value(SessionState.Key.checkpointLocation($0)) },
            sinkStatement: statement)
    }

    private func checkColumns(_ output: [Attribute], fit table: TableDefinition, at span: SourceSpan) throws {
        let columns = table.declaredColumns
        guard !columns.isEmpty else { return }
        guard columns.count == output.count else {
            throw PlanError(
                .typeMismatch,
                "table \(table.qualifiedName) has \(columns.count) columns (\(columns.map(\.name).joined(separator: ", "))) "
                    + "but the query produces \(output.count)",
                at: span)
        }
        for (column, attribute) in zip(columns, output)
        where !TypeCoercion.canImplicitlyCast(from: attribute.type, to: column.type) {
            throw PlanError(
                .typeMismatch,
                "column '\(column.name)' of \(table.qualifiedName) is \(column.type.sqlName) but the query gives "
                    + "\(attribute.type.sqlName) ('\(attribute.name)')",
                at: span)
        }
    }

    /// The output mode of the query named `queryName`, checked against the plan as Spark checks it.
    func outputMode(queryName: String?, plan: LogicalPlan, at span: SourceSpan) throws -> OutputMode {
        let key = queryName.map { SessionState.Key.outputMode($0) }
        let text = key.flatMap { session.value($0) } ?? session.value("spark.sql.streaming.outputMode") ?? "append"
        guard let mode = OutputMode(rawValue: text.lowercased()) else {
            throw PlanError(.invalidOption, "output mode '\(text)' is not append, update or complete", at: span)
        }
        guard plan.isStreaming else { return mode }
        if mode == .append && plan.hasAggregate && !plan.hasWatermark {
            throw PlanError(
                .unsupported,
                "append output mode needs a watermark for a streaming aggregation: add WHERE delay(time) < '…' "
                    + "or SET \(key ?? "spark.sql.streaming.query.outputMode.<query>")=update",
                at: span)
        }
        if mode == .complete && !plan.hasAggregate {
            throw PlanError(.unsupported, "complete output mode needs an aggregation in the query", at: span)
        }
        if plan.hasSort && (!plan.hasAggregate || mode != .complete) {
            throw PlanError(
                .unsupported, "ORDER BY on a stream needs an aggregation and complete output mode, as in Spark", at: span)
        }
        if plan.hasDistinctAggregate {
            throw PlanError(
                .unsupported, "DISTINCT aggregates (count(DISTINCT …)) are not supported on streams, as in Spark", at: span)
        }
        if mode == .append, let (keys, watermark, aliases) = plan.aggregateKeysAndWatermark, !keys.contains(where: {
            $0.references.contains { aliases.contains($0.id) }
        }) {
            throw PlanError(
                .unsupported,
                "append output mode needs the watermarked column '\(watermark.name)' (or a window on it) in GROUP BY, "
                    + "so that a group can be closed",
                at: span)
        }
        return mode
    }
}

/// Facts about a sink's custom SQL statement.
public enum SinkStatement {
    /// The number of `?` parameters outside quotes.
    public static func parameterCount(_ statement: String) -> Int {
        var count = 0
        var quote: Character?
        for character in statement {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" || character == "`" {
                quote = character
            } else if character == "?" {
                count += 1
            }
        }
        return count
    }
}
