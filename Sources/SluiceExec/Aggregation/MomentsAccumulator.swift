import SluiceCore

/// `stddev`, `stddev_pop`, `variance`, `var_pop`: count, mean and sum of squared deviations,
/// merged with Chan et al.'s parallel formula.
struct MomentsAccumulator: Accumulator {
    let statistic: String
    var counts: [Double] = []
    var means: [Double] = []
    var squares: [Double] = []

    mutating func resize(groups count: Int) {
        guard counts.count < count else { return }
        let extra = count - counts.count
        counts += [Double](repeating: 0, count: extra)
        means += [Double](repeating: 0, count: extra)
        squares += [Double](repeating: 0, count: extra)
    }

    mutating func update(groups: [Int], arguments: [ColumnVector]) {
        let column = arguments[0]
        for (row, group) in groups.enumerated() where !column.isNull(row) {
            guard let x = column.value(at: row).double else { continue }
            counts[group] += 1
            let delta = x - means[group]
            means[group] += delta / counts[group]
            squares[group] += delta * (x - means[group])
        }
    }

    func state(group: Int) -> [Value] { [.double(counts[group]), .double(means[group]), .double(squares[group])] }

    mutating func merge(group: Int, state: [Value]) {
        merge(group: group, count: state[0].double ?? 0, mean: state[1].double ?? 0, squares: state[2].double ?? 0)
    }

    /// Chan et al.'s merge of a state of `n2` values with mean `mean2` and squared deviations `m2`.
    private mutating func merge(group: Int, count n2: Double, mean mean2: Double, squares m2: Double) {
        guard n2 > 0 else { return }
        let n1 = counts[group]
        let total = n1 + n2
        let delta = mean2 - means[group]
        means[group] += delta * n2 / total
        squares[group] += m2 + delta * delta * n1 * n2 / total
        counts[group] = total
    }

    var stateTypes: [DataType] { [.double, .double, .double] }

    func stateColumns(groups count: Int) -> [ColumnVector] {
        [counts, means, squares].map { ColumnVector(type: .double, storage: .double(Array($0[0..<count]))) }
    }

    mutating func merge(groups: [Int], states: [ColumnVector]) {
        guard case .double(let n) = states[0].storage, case .double(let mean) = states[1].storage,
            case .double(let m2) = states[2].storage, states.allSatisfy({ $0.nulls == nil })
        else { return mergeByRow(groups: groups, states: states) }
        for (row, group) in groups.enumerated() { merge(group: group, count: n[row], mean: mean[row], squares: m2[row]) }
    }

    func evaluate(group: Int) -> Value {
        let n = counts[group]
        switch statistic {
        case "var_pop": return n == 0 ? .null : .double(squares[group] / n)
        case "stddev_pop": return n == 0 ? .null : .double((squares[group] / n).squareRoot())
        // Spark 3: the sample statistics of a single value are NULL (not NaN).
        case "variance": return n <= 1 ? .null : .double(squares[group] / (n - 1))
        default: return n <= 1 ? .null : .double((squares[group] / (n - 1)).squareRoot())
        }
    }
}
