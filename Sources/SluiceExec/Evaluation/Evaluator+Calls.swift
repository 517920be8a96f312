import SluiceCore
import SluicePlan

extension Evaluator {
    mutating func call(_ name: String, _ arguments: [BoundExpression], type: DataType, _ batch: RecordBatch) throws -> ColumnVector {
        if name == "if" { return try conditional(arguments, type: type, batch) }
        guard let implementation = ScalarFunctionTable.all[name] else {
            throw ExecError(.unsupported, "function \(name) has no implementation")
        }
        let columns = try arguments.map { try evaluate($0, batch) }
        let context = self.context
        return rowwise(columns, count: batch.rowCount, type: type) { implementation($0, context) }
    }

    /// `if(c, a, b)` as a column select.
    private mutating func conditional(_ arguments: [BoundExpression], type: DataType, _ batch: RecordBatch) throws -> ColumnVector {
        let condition = try evaluate(arguments[0], batch)
        let whenTrue = try evaluate(arguments[1], batch)
        let whenFalse = try evaluate(arguments[2], batch)
        guard case .boolean(let flags) = condition.storage else {
            throw ExecError(.internalError, "if() condition of type \(condition.type.sqlName)")
        }
        let count = batch.rowCount
        func pick(_ row: Int) -> Bool { flags[row] && !condition.isNull(row) }
        var nulls: [Bool]?
        if whenTrue.nulls != nil || whenFalse.nulls != nil {
            nulls = (0..<count).map { pick($0) ? whenTrue.isNull($0) : whenFalse.isNull($0) }
        }
        switch (whenTrue.storage, whenFalse.storage) {
        case (.int64(let a), .int64(let b)):
            return ColumnVector(type: type, storage: .int64((0..<count).map { pick($0) ? a[$0] : b[$0] }), nulls: nulls)
        case (.double(let a), .double(let b)):
            return ColumnVector(type: type, storage: .double((0..<count).map { pick($0) ? a[$0] : b[$0] }), nulls: nulls)
        default:
            var builder = ColumnBuilder(type: type, capacity: count)
            for row in 0..<count { builder.append(pick(row) ? whenTrue.value(at: row) : whenFalse.value(at: row), as: type) }
            return builder.finish()
        }
    }

    /// A model function (the UDF or a built-in). Features as an `array<double>` or a vector
    /// struct are read row by row (`modelOverVectors`). `f(path, concat_ws(' ', a, b))` with
    /// string columns is fused: the model reads `a` and `b` in place, without building the joined string.
    mutating func userFunction(_ function: FunctionDefinition, _ arguments: [BoundExpression], _ batch: RecordBatch) throws -> ColumnVector {
        guard case .literal(.string(let path)) = arguments[0].kind,
            let model = models[function.className + "\u{0}" + path]
        else {
            throw ExecError(.internalError, "model of \(function.qualifiedName) was not set up")
        }
        if let shape = ModelFunctions.shape(of: arguments[1].type), shape != .libsvm {
            return try modelOverVectors(model, shape: shape, arguments[1], batch)
        }
        let count = batch.rowCount
        var values = [Double](repeating: 0, count: count)
        var nulls = [Bool](repeating: false, count: count)
        if case .call("concat_ws", let parts) = arguments[1].kind, parts.count == 3,
            case .literal(.string(" ")) = parts[0].kind
        {
            let label = try evaluate(parts[1], batch)
            let features = try evaluate(parts[2], batch)
            if case .string(let labels) = label.storage, case .string(let featureText) = features.storage {
                labels.bytes.withUnsafeBufferPointer { labelBytes in
                    featureText.bytes.withUnsafeBufferPointer { featureBytes in
                        func record(_ row: Int) -> (label: UnsafeBufferPointer<UInt8>, features: UnsafeBufferPointer<UInt8>) {
                            (
                                UnsafeBufferPointer(rebasing: labelBytes[labels.range(row)]),
                                UnsafeBufferPointer(rebasing: featureBytes[featureText.range(row)])
                            )
                        }
                        func bothPresent(_ row: Int) -> Bool { !label.isNull(row) && !features.isNull(row) }
                        var row = 0
                        while row < count {
                            // Two records at a time when both are whole: the model overlaps them.
                            if row + 1 < count, bothPresent(row), bothPresent(row + 1) {
                                let (first, second) = model.predictPair(record(row), record(row + 1))
                                if let first { values[row] = first } else { nulls[row] = true }
                                if let second { values[row + 1] = second } else { nulls[row + 1] = true }
                                row += 2
                                continue
                            }
                            let prediction: Double?
                            switch (label.isNull(row), features.isNull(row)) {
                            case (false, false):
                                let (labelPart, featurePart) = record(row)
                                prediction = model.predict(label: labelPart, features: featurePart)
                            case (true, false):
                                prediction = model.predict(line: UnsafeBufferPointer(rebasing: featureBytes[featureText.range(row)]))
                            case (false, true):
                                prediction = model.predict(line: UnsafeBufferPointer(rebasing: labelBytes[labels.range(row)]))
                            case (true, true):
                                prediction = model.predict(line: UnsafeBufferPointer(rebasing: labelBytes[0..<0]))
                            }
                            if let prediction { values[row] = prediction } else { nulls[row] = true }
                            row += 1
                        }
                    }
                }
                return finishPredictions(values, nulls)
            }
        }
        let lines = try evaluate(arguments[1], batch)
        guard case .string(let strings) = lines.storage else {
            throw ExecError(.internalError, "model features of type \(lines.type.sqlName)")
        }
        strings.bytes.withUnsafeBufferPointer { bytes in
            for row in 0..<count {
                if lines.isNull(row) {
                    nulls[row] = true
                } else if let prediction = model.predict(line: UnsafeBufferPointer(rebasing: bytes[strings.range(row)])) {
                    values[row] = prediction
                } else {
                    nulls[row] = true
                }
            }
        }
        return finishPredictions(values, nulls)
    }

    /// The model over features given as arrays or vector structs: NULL for a malformed record.
    private mutating func modelOverVectors(
        _ model: ModelFunction, shape: ModelFunctions.FeatureShape, _ argument: BoundExpression, _ batch: RecordBatch
    ) throws -> ColumnVector {
        let features = try evaluate(argument, batch)
        let count = batch.rowCount
        var values = [Double](repeating: 0, count: count)
        var nulls = [Bool](repeating: false, count: count)
        for row in 0..<count {
            if let vector = ModelFeatureVectors.vector(
                features.value(at: row), shape: shape, numFeatures: model.numFeatures)
            {
                values[row] = model.predict(vector: vector)
            } else {
                nulls[row] = true
            }
        }
        return finishPredictions(values, nulls)
    }

    private mutating func finishPredictions(_ values: [Double], _ nulls: [Bool]) -> ColumnVector {
        let malformed = nulls.reduce(0) { $0 + ($1 ? 1 : 0) }
        countMalformed(malformed)
        return ColumnVector(type: .double, storage: .double(values), nulls: malformed > 0 ? nulls : nil)
    }
}
