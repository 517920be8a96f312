import SluiceCore

extension ColumnVector {
    /// The rows at `indices`, in that order (indices may repeat).
    public func take(_ indices: [Int]) -> ColumnVector {
        let takenNulls = nulls.map { mask in indices.map { mask[$0] } }
        switch storage {
        case .int64(let values): return ColumnVector(type: type, storage: .int64(indices.map { values[$0] }), nulls: takenNulls)
        case .double(let values): return ColumnVector(type: type, storage: .double(indices.map { values[$0] }), nulls: takenNulls)
        case .boolean(let values): return ColumnVector(type: type, storage: .boolean(indices.map { values[$0] }), nulls: takenNulls)
        case .values(let values): return ColumnVector(type: type, storage: .values(indices.map { values[$0] }), nulls: takenNulls)
        case .string(let strings):
            var result = StringStorage()
            result.offsets.reserveCapacity(indices.count + 1)
            for index in indices { result.append(bytes: strings.bytes[strings.range(index)]) }
            return ColumnVector(type: type, storage: .string(result), nulls: takenNulls)
        }
    }
}

extension RecordBatch {
    /// The rows at `indices`.
    public func take(_ indices: [Int]) -> RecordBatch {
        RecordBatch(columns: columns.map { $0.take(indices) }, rowCount: indices.count)
    }

    /// The rows where `keep` is true.
    public func filtered(_ keep: [Bool]) -> RecordBatch {
        if keep.allSatisfy({ $0 }) { return self }
        return take(keep.indices.filter { keep[$0] })
    }

    /// Row `row` as values.
    public func row(_ row: Int) -> [Value] {
        columns.map { $0.value(at: row) }
    }

    /// A batch of `rows` with columns of `types`.
    public static func from(rows: [[Value]], types: [DataType]) -> RecordBatch {
        var builders = types.map { ColumnBuilder(type: $0, capacity: rows.count) }
        for row in rows {
            for index in builders.indices { builders[index].append(row[index], as: types[index]) }
        }
        return RecordBatch(columns: builders.indices.map { builders[$0].finish() }, rowCount: rows.count)
    }
}
