import SluiceCore
import SluicePlan

/// Runs pipeline steps over a batch, tracking the attributes its columns hold.
struct RowPipeline {
    let steps: [PipelineStep]
    let context: EvaluationContext

    /// The batch after every step, with its attributes, and the metrics the steps counted.
    func run(
        _ input: RecordBatch, attributes: [Attribute], watermarkMicros: Int64?, metrics: inout TaskMetrics
    ) throws -> (RecordBatch, [Attribute]) {
        var batch = input
        var current = attributes
        for step in steps {
            switch step {
            case .filter(let condition):
                var evaluator = try Evaluator(attributes: current, expressions: [condition], context: context)
                let column = try evaluator.evaluate(condition, batch)
                metrics.malformedRecords += evaluator.malformedRecords
                guard case .boolean(let flags) = column.storage else {
                    throw ExecError(.internalError, "filter condition of type \(column.type.sqlName)")
                }
                batch = batch.filtered(flags.indices.map { flags[$0] && !column.isNull($0) })
            case .project(let items):
                var evaluator = try Evaluator(attributes: current, expressions: items.map(\.expression), context: context)
                let columns = try items.map { try evaluator.evaluate($0.expression, batch) }
                metrics.malformedRecords += evaluator.malformedRecords
                batch = RecordBatch(columns: columns, rowCount: batch.rowCount)
                current = items.map(\.attribute)
            case .watermark(let attribute, _):
                guard let index = current.firstIndex(where: { $0.id == attribute.id }),
                    case .int64(let times) = batch.columns[index].storage
                else { throw ExecError(.internalError, "watermark column \(attribute.reference) missing") }
                let column = batch.columns[index]
                var keep = [Bool](repeating: true, count: batch.rowCount)
                for row in 0..<batch.rowCount where !column.isNull(row) {
                    let time = times[row]
                    metrics.maxEventTimeMicros = max(metrics.maxEventTimeMicros ?? time, time)
                    if let watermarkMicros, time < watermarkMicros {
                        keep[row] = false
                        metrics.lateRowsDropped += 1
                    }
                }
                batch = batch.filtered(keep)
            }
        }
        return (batch, current)
    }
}
