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
        let n2 = state[0].double ?? 0
        guard n2 > 0 else { return }
        let mean2 = state[1].double ?? 0
        let m2 = state[2].double ?? 0
        let n1 = counts[group]
        let total = n1 + n2
        let delta = mean2 - means[group]
        means[group] += delta * n2 / total
        squares[group] += m2 + delta * delta * n1 * n2 / total
        counts[group] = total
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
