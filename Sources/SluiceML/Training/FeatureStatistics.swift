/// What Spark's `LogisticRegression` summarizes before training: each feature's mean and sample
/// standard deviation (denominator `n − 1`; 0 for a feature that never varies, and for one row),
/// and the count of each label.
struct FeatureStatistics {
    /// Per feature.
    let mean: [Double]
    /// Per feature: the sample standard deviation; exactly 0 when every row has the same value.
    let standardDeviation: [Double]

    init(_ data: TrainingData) {
        let n = data.count
        var sum = [Double](repeating: 0, count: data.numFeatures)
        var nonZeros = [Int](repeating: 0, count: data.numFeatures)
        var minimum = [Double](repeating: 0, count: data.numFeatures)
        var maximum = [Double](repeating: 0, count: data.numFeatures)
        for entry in 0..<data.values.count {
            let j = Int(data.indices[entry])
            let value = data.values[entry]
            sum[j] += value
            nonZeros[j] += 1
            minimum[j] = nonZeros[j] == 1 ? value : min(minimum[j], value)
            maximum[j] = nonZeros[j] == 1 ? value : max(maximum[j], value)
        }
        var mean = [Double](repeating: 0, count: data.numFeatures)
        for j in 0..<data.numFeatures where n > 0 { mean[j] = sum[j] / Double(n) }
        // Σ (x − mean)², the implicit zeros of each feature included.
        var squares = [Double](repeating: 0, count: data.numFeatures)
        for entry in 0..<data.values.count {
            let j = Int(data.indices[entry])
            let delta = data.values[entry] - mean[j]
            squares[j] += delta * delta
        }
        var deviation = [Double](repeating: 0, count: data.numFeatures)
        for j in 0..<data.numFeatures where n > 1 {
            // A feature whose values are all equal (zeros included when some rows lack it) does not vary.
            let zeros = n - nonZeros[j]
            let constant = nonZeros[j] == 0 || (minimum[j] == maximum[j] && (zeros == 0 || minimum[j] == 0))
            if constant { continue }
            squares[j] += Double(zeros) * mean[j] * mean[j]
            deviation[j] = (squares[j] / Double(n - 1)).squareRoot()
        }
        self.mean = mean
        self.standardDeviation = deviation
    }
}
