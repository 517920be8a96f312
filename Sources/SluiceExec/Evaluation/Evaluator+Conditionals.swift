import SluiceCore
import SluicePlan

extension Evaluator {
    mutating func caseWhen(
        _ branches: [BoundBranch], _ otherwise: BoundExpression?, type: DataType, _ batch: RecordBatch
    ) throws -> ColumnVector {
        let conditions = try branches.map { try evaluate($0.condition, batch) }
        let results = try branches.map { try evaluate($0.result, batch) }
        let fallback = try otherwise.map { try evaluate($0, batch) }
        var builder = ColumnBuilder(type: type, capacity: batch.rowCount)
        for row in 0..<batch.rowCount {
            var chosen: ColumnVector? = fallback
            for (index, condition) in conditions.enumerated() where condition.value(at: row) == .boolean(true) {
                chosen = results[index]
                break
            }
            builder.append(chosen?.value(at: row) ?? .null, as: type)
        }
        return builder.finish()
    }

    mutating func inList(_ value: BoundExpression, _ list: [BoundExpression], negated: Bool, _ batch: RecordBatch) throws -> ColumnVector {
        let column = try evaluate(value, batch)
        let items = try list.map { try evaluate($0, batch) }
        var builder = ColumnBuilder(type: .boolean, capacity: batch.rowCount)
        for row in 0..<batch.rowCount {
            let v = column.value(at: row)
            if v == .null {
                builder.appendNull()
                continue
            }
            var found = false
            var sawNull = false
            for item in items {
                let candidate = item.value(at: row)
                if candidate == .null { sawNull = true } else if ValueOrder.compare(v, candidate) == 0 { found = true }
            }
            if found { builder.append(boolean: !negated) } else if sawNull { builder.appendNull() } else { builder.append(boolean: negated) }
        }
        return builder.finish()
    }

    mutating func like(
        _ value: BoundExpression, _ pattern: BoundExpression, negated: Bool, regex: Bool, _ batch: RecordBatch
    ) throws -> ColumnVector {
        let values = try evaluate(value, batch)
        let patterns = try evaluate(pattern, batch)
        var cache: [String: Regex<AnyRegexOutput>] = [:]
        return rowwise([values, patterns], count: batch.rowCount, type: .boolean) { row in
            guard case .string(let text) = row[0], case .string(let pattern) = row[1] else { return .null }
            let matched: Bool
            if regex {
                guard let compiled = cache[pattern] ?? (try? Regex(pattern)) else { return .null }
                cache[pattern] = compiled
                matched = text.contains(compiled)
            } else {
                matched = SQLLike.matches(Array(text.unicodeScalars), Array(pattern.unicodeScalars))
            }
            return .boolean(matched != negated)
        }
    }

    mutating func field(_ value: BoundExpression, name: String, type: DataType, _ batch: RecordBatch) throws -> ColumnVector {
        let column = try evaluate(value, batch)
        guard case .struct(let fields) = value.type, let index = fields.firstIndex(where: { $0.name == name }) else {
            throw ExecError(.internalError, "field \(name) of \(value.type.sqlName)")
        }
        return rowwise([column], count: batch.rowCount, type: type) { values in
            guard case .composite(let parts) = values[0], index < parts.count else { return .null }
            return parts[index]
        }
    }

    mutating func element(_ value: BoundExpression, _ index: BoundExpression, type: DataType, _ batch: RecordBatch) throws -> ColumnVector {
        let column = try evaluate(value, batch)
        let indexes = try evaluate(index, batch)
        return rowwise([column, indexes], count: batch.rowCount, type: type) { values in
            guard case .composite(let parts) = values[0], let position = values[1].int64,
                position >= 0, position < parts.count
            else { return .null }
            return parts[Int(position)]
        }
    }
}

/// SQL `LIKE` with `%`, `_` and backslash escapes.
enum SQLLike {
    static func matches(_ text: [Unicode.Scalar], _ pattern: [Unicode.Scalar]) -> Bool {
        var tokens: [(scalar: Unicode.Scalar?, kind: Character)] = []
        var index = 0
        while index < pattern.count {
            let scalar = pattern[index]
            if scalar == "\\", index + 1 < pattern.count {
                tokens.append((pattern[index + 1], "="))
                index += 2
                continue
            }
            tokens.append(scalar == "%" ? (nil, "%") : scalar == "_" ? (nil, "_") : (scalar, "="))
            index += 1
        }
        var table = [Bool](repeating: false, count: tokens.count + 1)
        table[0] = true
        for j in 0..<tokens.count where tokens[j].kind == "%" {
            table[j + 1] = table[j]
            if !table[j + 1] { break }
        }
        for character in text {
            var next = [Bool](repeating: false, count: tokens.count + 1)
            for j in 0..<tokens.count {
                switch tokens[j].kind {
                case "%": next[j + 1] = next[j] || table[j + 1] || table[j]
                case "_": next[j + 1] = table[j]
                default: next[j + 1] = table[j] && tokens[j].scalar == character
                }
            }
            table = next
        }
        return table[tokens.count]
    }
}
