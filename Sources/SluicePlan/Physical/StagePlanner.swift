import SluiceCore

/// Splits a logical plan into the executor and driver stages.
public enum StagePlanner {
    /// The source of `SELECT` without `FROM`: one row without columns.
    public static let oneRowTable = TableDefinition(
        database: "", name: "one row", provider: "onerow", options: [], declaredColumns: [])

    /// The stages of `plan`.
    /// - Throws: `PlanError` of kind `.unsupported` for shapes the engine cannot run
    ///   (two aggregates, sorting a stream, no table).
    public static func split(_ plan: LogicalPlan) throws -> QueryStages {
        // Walking down from the root, steps are collected bottom-first: those above the
        // aggregate run on the driver, those below on executors.
        var above: [PipelineStep] = []
        var below: [PipelineStep] = []
        var sort: [SortKey] = []
        var limit: Int?
        var aggregate: AggregateSpec?
        var watermarkDelay: Interval?
        var afterSort: [PipelineStep] = []
        var node = plan
        if case .limit(let count, let child) = node {
            limit = count
            node = child
        }
        // A projection right above the sort drops columns kept only to sort by: it runs after it.
        if case .project(let items, let child) = node, case .sort = child {
            afterSort = [.project(items)]
            node = child
        }
        let rowAttributes = node.output
        while true {
            func add(_ step: PipelineStep) {
                if aggregate == nil { above.insert(step, at: 0) } else { below.insert(step, at: 0) }
            }
            switch node {
            case .limit(let count, let child):
                guard aggregate == nil, above.isEmpty, sort.isEmpty else {
                    throw PlanError(.unsupported, "LIMIT must be the last clause of the query", at: nil)
                }
                limit = count
                node = child
            case .sort(let keys, let child):
                guard aggregate == nil, above.isEmpty else {
                    throw PlanError(.unsupported, "ORDER BY inside a subquery", at: nil)
                }
                sort = keys
                node = child
            case .project(let items, let child):
                add(.project(items))
                node = child
            case .filter(let condition, let child):
                add(.filter(condition))
                node = child
            case .watermark(let attribute, let delay, let child):
                guard aggregate != nil || plan.hasAggregate == false else {
                    throw PlanError(.unsupported, "a watermark above the aggregation", at: nil)
                }
                add(.watermark(attribute, delay: delay))
                watermarkDelay = delay
                node = child
            case .subqueryAlias(_, let child):
                node = child
            case .aggregate(let keys, let aggregates, let child):
                guard aggregate == nil else {
                    throw PlanError(
                        .unsupported, "two levels of aggregation (or DISTINCT over GROUP BY) are not supported", at: nil)
                }
                aggregate = AggregateSpec(keys: keys, aggregates: aggregates)
                node = child
            case .scan(let scan):
                if scan.isStreaming && !sort.isEmpty && aggregate == nil {
                    throw PlanError(
                        .unsupported, "ORDER BY on a stream needs an aggregation (and complete output mode)", at: nil)
                }
                let executorSteps = aggregate == nil ? above : below
                let driverSteps = aggregate == nil ? [] : above
                return QueryStages(
                    executor: ExecutorStage(scan: scan, steps: executorSteps, aggregate: aggregate),
                    driver: DriverStage(
                        aggregate: aggregate, steps: driverSteps, sort: sort, afterSort: afterSort,
                        rowAttributes: rowAttributes, limit: limit, watermarkDelay: watermarkDelay),
                    output: plan.output, isStreaming: scan.isStreaming)
            case .oneRow:
                node = .scan(ScanNode(table: StagePlanner.oneRowTable, attributes: [], isStreaming: false))
            }
        }
    }
}
