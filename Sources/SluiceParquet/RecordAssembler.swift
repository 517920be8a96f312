/// Turns the striped levels and values of the columns back into records (Dremel's assembly).
///
/// Each column is assembled on its own into partial records that hold only its path; the partial
/// records of all columns are then merged field by field (columns under the same repeated field
/// have the same repetition structure, so their lists are merged element by element).
struct RecordAssembler {
    let column: ColumnDescriptor
    let data: ColumnData
    /// For each slot, the index of its value in `data.values`, or -1 when the slot is not defined to the leaf.
    private let valueIndex: [Int]

    init(column: ColumnDescriptor, data: ColumnData) throws(ParquetError) {
        self.column = column
        self.data = data
        var indices: [Int] = []
        indices.reserveCapacity(data.definitionLevels.count)
        var next = 0
        for level in data.definitionLevels {
            if Int(level) == column.maxDefinitionLevel {
                indices.append(next)
                next += 1
            } else {
                indices.append(-1)
            }
        }
        guard next == data.values.count else {
            throw .corrupt("column \(column.path) has \(data.values.count) values for \(next) defined slots")
        }
        valueIndex = indices
    }

    /// The partial records of this column: one per slot whose repetition level is 0.
    func records() throws(ParquetError) -> [ParquetValue] {
        let count = data.definitionLevels.count
        guard count > 0 else { return [] }
        guard data.repetitionLevels.first == 0 else {
            throw .corrupt("column \(column.path) starts with repetition level \(data.repetitionLevels[0]), not 0")
        }
        var records: [ParquetValue] = []
        var start = 0
        for slot in 1...count where slot == count || data.repetitionLevels[slot] == 0 {
            let value = try build(0, start..<slot)
            records.append(.group([column.nodes[0].name: value]))
            start = slot
        }
        return records
    }

    /// The value of node `depth` of the column's path over the slots `range`; `unwrap` passes
    /// to the elements of a repeated node (see `content`).
    private func build(_ depth: Int, _ range: Range<Int>, unwrap: Bool = false) throws(ParquetError) -> ParquetValue {
        let node = column.nodes[depth]
        let first = range.lowerBound
        let defined = Int(data.definitionLevels[first]) >= column.definitionLevels[depth]
        switch node.repetition {
        case .repeated:
            guard defined else { return .list([]) }
            let level = column.repetitionLevels[depth]
            var elements: [ParquetValue] = []
            var elementStart = first
            for slot in (first + 1)..<range.upperBound where Int(data.repetitionLevels[slot]) <= level {
                elements.append(try content(depth, elementStart..<slot, unwrap: unwrap))
                elementStart = slot
            }
            elements.append(try content(depth, elementStart..<range.upperBound, unwrap: unwrap))
            return .list(elements)
        case .optional:
            return defined ? try content(depth, range) : .null
        case .required:
            return try content(depth, range)
        }
    }

    /// The value of node `depth` once it is known to be present (one element, for a repeated
    /// node). With `unwrap`, node `depth` is the repeated group of one field inside a LIST (the
    /// three-level form), and its value is that field's, with no group around it.
    private func content(_ depth: Int, _ range: Range<Int>, unwrap: Bool = false) throws(ParquetError) -> ParquetValue {
        if depth == column.nodes.count - 1 {
            guard range.count == 1 else {
                throw .corrupt("column \(column.path) repeats a value that is not repeated in its schema")
            }
            let index = valueIndex[range.lowerBound]
            guard index >= 0 else { throw .corrupt("column \(column.path) has a slot defined below its leaf but not null") }
            return data.values[index]
        }
        if unwrap { return try build(depth + 1, range) }
        let node = column.nodes[depth]
        let child = column.nodes[depth + 1]
        if node.isList {
            // A LIST group holds one repeated child: a group of one field (the element), or in
            // the older two-level form the element itself.
            return try build(depth + 1, range, unwrap: child.physicalType == nil && child.children.count == 1)
        }
        return .group([child.name: try build(depth + 1, range)])
    }

    /// Merges two partial values of the same record.
    static func merge(_ left: ParquetValue, _ right: ParquetValue, depth: Int = 0) throws(ParquetError) -> ParquetValue
    {
        guard depth <= 2 * ParquetLimits.nestingDepthMax + 2 else {
            throw .limit("a record's nesting", depth, 2 * ParquetLimits.nestingDepthMax + 2, "levels")
        }
        switch (left, right) {
        case (.group(var fields), .group(let others)):
            for (name, value) in others {
                if let existing = fields[name] {
                    fields[name] = try merge(existing, value, depth: depth + 1)
                } else {
                    fields[name] = value
                }
            }
            return .group(fields)
        case (.list(let elements), .list(let others)):
            guard elements.count == others.count else {
                throw .corrupt(
                    "columns under one repeated field disagree on its length: \(elements.count) and \(others.count)")
            }
            var merged: [ParquetValue] = []
            merged.reserveCapacity(elements.count)
            for index in elements.indices {
                merged.append(try merge(elements[index], others[index], depth: depth + 1))
            }
            return .list(merged)
        case (.null, .null):
            return .null
        default:
            throw .corrupt("columns of one group disagree: one says \(left.kindName), another \(right.kindName)")
        }
    }
}
