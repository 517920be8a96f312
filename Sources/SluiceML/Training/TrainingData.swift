/// Labelled rows to train on, read from LIBSVM text as MLlib's `loadLibSVMFile` and Spark's
/// `libsvm` data source read it: each line is trimmed, empty lines and lines starting with `#` are
/// skipped, every other line is one record (`LibSVM.parse`), and the number of features is the
/// highest index seen.
///
/// Rows are kept in compressed sparse row form: the entries of row `r` are
/// `rowStarts[r] ..< rowStarts[r + 1]` of `indices` (0-based) and `values`.
public struct TrainingData: Sendable {
    /// The number of features (the highest 1-based index in the data, or as given).
    public let numFeatures: Int
    /// One label per row.
    public let labels: [Double]
    /// The line each row was read from (1-based; the row's ordinal for rows given directly).
    public let lines: [Int]
    /// Where each row's entries start, plus the end: `labels.count + 1` offsets.
    public let rowStarts: [Int]
    /// 0-based feature indices, ascending within a row.
    public let indices: [Int32]
    /// The value of each entry.
    public let values: [Double]

    /// The number of rows.
    public var count: Int { labels.count }

    /// Rows given as label and sparse vector (each vector's `size` is ignored; its indices must be
    /// ascending and below `numFeatures`).
    public init(rows: [(label: Double, features: SparseVector)], numFeatures: Int) {
        var rowStarts = [0]
        var indices: [Int32] = []
        var values: [Double] = []
        for row in rows {
            precondition(
                row.features.indices.allSatisfy { $0 >= 0 && Int($0) < numFeatures }
                    && zip(row.features.indices, row.features.indices.dropFirst()).allSatisfy { $0 < $1 }
                    && row.features.indices.count == row.features.values.count,
                "feature indices must be ascending, below numFeatures, one value each")
            indices += row.features.indices
            values += row.features.values
            rowStarts.append(indices.count)
        }
        self.numFeatures = numFeatures
        self.labels = rows.map(\.label)
        self.lines = rows.indices.map { $0 + 1 }
        self.rowStarts = rowStarts
        self.indices = indices
        self.values = values
    }

    /// Reads LIBSVM text (UTF-8, lines ending in LF or CRLF).
    ///
    /// Throws `MLError` of kind `badTrainingData` naming the line (1-based) for a record that
    /// `LibSVM.parse` rejects or that holds a label or value that is not finite.
    public init(libsvm bytes: [UInt8]) throws(MLError) {
        var labels: [Double] = []
        var lines: [Int] = []
        var rowStarts = [0]
        var indices: [Int32] = []
        var values: [Double] = []
        var numFeatures = 0
        var lineNumber = 0
        var start = 0
        let maxIndex = Int(Int32.max)
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            lineNumber += 1
            var first = start
            var last = end
            // Java's String.trim: every byte up to the space is whitespace.
            while first < last && bytes[first] <= 0x20 { first += 1 }
            while last > first && bytes[last - 1] <= 0x20 { last -= 1 }
            start = end + 1
            if first == last || bytes[first] == UInt8(ascii: "#") { continue }
            let line = lineNumber
            let parsed = bytes.withUnsafeBufferPointer { buffer in
                Result { () throws(MLError) -> (label: Double, features: SparseVector) in
                    try LibSVM.parse(UnsafeBufferPointer(rebasing: buffer[first..<last]), numFeatures: maxIndex)
                }
            }
            let record: (label: Double, features: SparseVector)
            switch parsed {
            case .success(let value): record = value
            case .failure(let error): throw MLError(.badTrainingData, "line \(line): \(error.message)")
            }
            guard record.label.isFinite else {
                throw MLError(.badTrainingData, "line \(line): the label \(record.label) is not a finite number")
            }
            if let bad = record.features.values.firstIndex(where: { !$0.isFinite }) {
                throw MLError(
                    .badTrainingData,
                    "line \(line): the value of feature \(record.features.indices[bad] + 1) is \(record.features.values[bad]), not a finite number"
                )
            }
            labels.append(record.label)
            lines.append(line)
            indices += record.features.indices
            values += record.features.values
            rowStarts.append(indices.count)
            if let last = record.features.indices.last { numFeatures = max(numFeatures, Int(last) + 1) }
        }
        self.numFeatures = numFeatures
        self.labels = labels
        self.lines = lines
        self.rowStarts = rowStarts
        self.indices = indices
        self.values = values
    }
}
