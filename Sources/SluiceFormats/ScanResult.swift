import SluiceCore

/// What a scanner read from one file: the rows it kept and a count of the malformed ones.
public struct ScanResult: Sendable, Equatable {
    /// The rows, one column per schema column, in schema order.
    public var batch: RecordBatch
    /// How many records were malformed: dropped, or kept with a NULL where a value did not convert.
    public var malformedRecords: Int
    /// The first malformed record's problem, e.g. `line 12: expected ':' after key`.
    public var firstMalformed: String?

    /// Creates a result.
    public init(batch: RecordBatch, malformedRecords: Int, firstMalformed: String?) {
        self.batch = batch
        self.malformedRecords = malformedRecords
        self.firstMalformed = firstMalformed
    }

    /// The batch of the finished `builders`, which hold `rowCount` rows each.
    init(builders: inout [ColumnBuilder], rowCount: Int, tally: MalformedTally) {
        var columns: [ColumnVector] = []
        columns.reserveCapacity(builders.count)
        for index in builders.indices {
            columns.append(builders[index].finish())
        }
        self.init(
            batch: RecordBatch(columns: columns, rowCount: rowCount),
            malformedRecords: tally.count,
            firstMalformed: tally.first?.description
        )
    }
}

/// Counts malformed records and keeps the first one's error.
struct MalformedTally {
    /// Malformed records so far.
    private(set) var count = 0
    /// The first malformed record's error.
    private(set) var first: FormatError?

    /// Counts one malformed record, at `line` (1-based); its error is built, from `detail`,
    /// only when it is the first.
    mutating func add(_ kind: FormatError.Kind, line: Int, _ detail: @autoclosure () -> String) {
        count += 1
        if first == nil { first = FormatError(kind, "line \(line): \(detail())") }
    }
}
