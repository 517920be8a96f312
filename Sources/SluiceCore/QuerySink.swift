/// Where a query's rows go: the console, or a database table written with each epoch's marker.
/// It lives here, below the targets that write rows and the runtime that hands them over, so a
/// sink's own type (SluiceSinks' `DatabaseSink`) conforms to it and the runtime hands it the rows
/// directly, with no wrapper between.
public protocol QuerySink: AnyObject {
    /// Writes epoch `epoch`'s rows of the query whose checkpoint has id `queryID`; `false` when
    /// the sink had already committed it.
    func write(queryID: String, epoch: Int, rows: [[Value]]) throws -> Bool
    /// Whether the sink records each committed epoch (a marker) that `lastCommittedEpoch` reads.
    var keepsMarkers: Bool { get }
    /// The largest epoch committed under `queryID`, or nil when none.
    func lastCommittedEpoch(queryID: String) throws -> Int?
    /// Checks, before any epoch runs, that the sink can take the query's rows.
    func check() throws
}

extension QuerySink {
    /// Sinks without markers (the console) cannot say what they committed.
    public var keepsMarkers: Bool { false }
    /// Nothing is known.
    public func lastCommittedEpoch(queryID: String) throws -> Int? { nil }
    /// Nothing to check.
    public func check() throws {}
}
