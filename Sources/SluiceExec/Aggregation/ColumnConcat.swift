import SluiceCore

extension ColumnVector {
    /// The rows of `columns`, one after another, as one column of `type`. Columns of the type's
    /// storage are copied as they are; any other column (a state read from an older checkpoint,
    /// a key typed otherwise) goes value by value, as `ColumnVector.from` builds it.
    public static func concatenated(_ columns: [ColumnVector], type: DataType) -> ColumnVector {
        let kind = storageKind(of: type)
        let total = columns.reduce(0) { $0 + $1.count }
        if columns.count == 1, columns[0].type == type { return columns[0] }
        guard columns.allSatisfy({ $0.storageKindOfStorage == kind }) else {
            var builder = ColumnBuilder(type: type, capacity: total)
            for column in columns {
                for row in 0..<column.count { builder.append(column.value(at: row), as: type) }
            }
            return builder.finish()
        }
        var nulls: [Bool]?
        if columns.contains(where: { $0.nulls != nil }) {
            var mask: [Bool] = []
            mask.reserveCapacity(total)
            for column in columns {
                if let own = column.nulls { mask += own } else { mask += repeatElement(false, count: column.count) }
            }
            nulls = mask
        }
        let storage: Storage
        switch kind {
        case .int64: storage = .int64(joined(columns) { if case .int64(let values) = $0 { values } else { [] } })
        case .double: storage = .double(joined(columns) { if case .double(let values) = $0 { values } else { [] } })
        case .boolean: storage = .boolean(joined(columns) { if case .boolean(let values) = $0 { values } else { [] } })
        case .values: storage = .values(joined(columns) { if case .values(let values) = $0 { values } else { [] } })
        case .string:
            var strings = StringStorage()
            strings.offsets.reserveCapacity(total + 1)
            strings.bytes.reserveCapacity(columns.reduce(0) { total, column in
                if case .string(let own) = column.storage { total + own.bytes.count } else { total }
            })
            for column in columns {
                guard case .string(let own) = column.storage else { continue }
                let base = Int32(strings.bytes.count)
                strings.bytes += own.bytes
                strings.offsets += own.offsets.dropFirst().map { $0 + base }
            }
            storage = .string(strings)
        }
        return ColumnVector(type: type, storage: storage, nulls: nulls)
    }

    /// The storage kind the column's storage has (which may differ from its type's).
    var storageKindOfStorage: StorageKind {
        switch storage {
        case .int64: .int64
        case .double: .double
        case .boolean: .boolean
        case .string: .string
        case .values: .values
        }
    }

    /// The column relabelled as `type` when its storage is that type's, else rebuilt value by value.
    public func conformed(to type: DataType) -> ColumnVector {
        if self.type == type { return self }
        if storageKindOfStorage == ColumnVector.storageKind(of: type) {
            return ColumnVector(type: type, storage: storage, nulls: nulls)
        }
        return ColumnVector.concatenated([self], type: type)
    }

    private static func joined<T>(_ columns: [ColumnVector], _ values: (Storage) -> [T]) -> [T] {
        var result: [T] = []
        result.reserveCapacity(columns.reduce(0) { $0 + $1.count })
        for column in columns { result += values(column.storage) }
        return result
    }
}

extension RecordBatch {
    /// Every row as values (the slow path, for sinks and tests).
    public var rowValues: [[Value]] { (0..<rowCount).map { row($0) } }

    /// A batch without columns or rows.
    public static let empty = RecordBatch(columns: [], rowCount: 0)
}
