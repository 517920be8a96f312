import SluiceCore
import SluicePlan

/// Evaluates bound expressions over a batch, column at a time.
///
/// `layout` maps attribute ids to the batch's columns. Hot shapes (arithmetic and
/// comparisons on numbers, boolean logic, `if`, the model UDF over `concat_ws`) have
/// column loops; the rest go row by row through `Value`.
public struct Evaluator {
    let layout: [Int: Int]
    let context: EvaluationContext
    let models: [String: ModelFunction]
    /// Records a user function found malformed (the function returned NULL for them).
    public private(set) var malformedRecords = 0

    /// Creates an evaluator for batches whose columns are `attributes`, in order.
    /// - Throws: `ExecError` when a user function named in `expressions` cannot be set up.
    public init(attributes: [Attribute], expressions: [BoundExpression], context: EvaluationContext) throws {
        var layout: [Int: Int] = [:]
        for (index, attribute) in attributes.enumerated() { layout[attribute.id] = index }
        self.layout = layout
        self.context = context
        var models: [String: ModelFunction] = [:]
        for expression in expressions {
            try Evaluator.collectModels(expression, context: context, into: &models)
        }
        self.models = models
    }

    private static func collectModels(
        _ expression: BoundExpression, context: EvaluationContext, into models: inout [String: ModelFunction]
    ) throws {
        if case .userFunction(let function, let arguments) = expression.kind {
            guard case .literal(.string(let path)) = arguments.first?.kind else {
                throw ExecError(
                    .unsupported, "the model path of \(function.qualifiedName) must be a string literal", at: expression.span)
            }
            let key = function.className + "\u{0}" + path
            if models[key] == nil {
                models[key] = try context.functions.modelFunction(className: function.className, modelPath: path)
            }
        }
        for child in expression.children { try collectModels(child, context: context, into: &models) }
    }

    /// The column of `expression`'s values for every row of `batch`.
    public mutating func evaluate(_ expression: BoundExpression, _ batch: RecordBatch) throws -> ColumnVector {
        switch expression.kind {
        case .column(let attribute):
            guard let index = layout[attribute.id] else {
                throw ExecError(.internalError, "attribute \(attribute.reference) is not in the input of this stage")
            }
            return batch.columns[index]
        case .literal(let value):
            return ColumnVector.constant(literal(value, type: expression.type), type: expression.type, count: batch.rowCount)
        case .cast(let inner):
            return castColumn(try evaluate(inner, batch), to: expression.type)
        case .unary(let op, let inner):
            return try unary(op, try evaluate(inner, batch), type: expression.type)
        case .binary(let op, let left, let right):
            return try binary(op, try evaluate(left, batch), try evaluate(right, batch), type: expression.type)
        case .call(let name, let arguments):
            return try call(name, arguments, type: expression.type, batch)
        case .userFunction(let function, let arguments):
            return try userFunction(function, arguments, batch)
        case .aggregate:
            throw ExecError(.internalError, "aggregate \(expression.sql) evaluated as a scalar")
        case .caseWhen(let branches, let otherwise):
            return try caseWhen(branches, otherwise, type: expression.type, batch)
        case .inList(let value, let list, let negated):
            return try inList(value, list, negated: negated, batch)
        case .like(let value, let pattern, let negated, let regex):
            return try like(value, pattern, negated: negated, regex: regex, batch)
        case .isNull(let value, let negated):
            let column = try evaluate(value, batch)
            let flags = (0..<batch.rowCount).map { column.isNull($0) != negated }
            return ColumnVector(type: .boolean, storage: .boolean(flags))
        case .field(let value, let name):
            return try field(value, name: name, type: expression.type, batch)
        case .element(let value, let index):
            return try element(value, index, type: expression.type, batch)
        case .window:
            throw ExecError(.internalError, "window \(expression.sql) evaluated outside an aggregate")
        }
    }

    /// A literal as the value its type stores (decimals as doubles).
    func literal(_ value: Value, type: DataType) -> Value {
        if case .decimal = value { return value.double.map { .double($0) } ?? .null }
        if case .interval = value { return value }
        return value
    }

    /// Applies `transform` to each row's values of `columns`, producing a column of `type`.
    func rowwise(_ columns: [ColumnVector], count: Int, type: DataType, _ transform: ([Value]) -> Value) -> ColumnVector {
        var builder = ColumnBuilder(type: type, capacity: count)
        var values = [Value](repeating: .null, count: columns.count)
        for row in 0..<count {
            for (index, column) in columns.enumerated() { values[index] = column.value(at: row) }
            builder.append(transform(values), as: type)
        }
        return builder.finish()
    }

    /// Counts a record the model found malformed.
    mutating func countMalformed(_ count: Int) {
        malformedRecords += count
    }
}
