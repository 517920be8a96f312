import SluiceCluster
import SluiceCore
import SluiceExec
import SluiceLogClient
import SluiceLogProtocol
import SluicePlan

/// `USING loghub`: a stream over the shards of an SLS-compatible log store. Each epoch reads
/// `[start, end)` per shard, where `start` is the previous epoch's end (or `startingoffsets`) and
/// `end` the shard's end cursor, or with `maxOffsetsPerTrigger` as many groups as hold the shard's
/// share of that many logs, estimated from the store's histogram without pulling (`EpochBudget`).
final class LoghubSource: QuerySource {
    let options: LoghubOptions
    let mapping: LogRowMapping
    let utcOffsetSeconds: Int
    private let client: SLSClient
    /// Where each shard starts when the query has no previous epoch, fixed at the first look.
    private var initialStarts: [Int: Int64]?
    /// Log groups lost to retention, reported once per epoch (with `failOnDataLoss=false`).
    private(set) var lostGroups = 0
    /// Receives warnings (data loss skipped).
    let warn: (String) -> Void

    /// Log groups per split: a shard's range is cut so that the cores share large epochs, and so
    /// that a task's rows stay in the processor's cache between decoding and the model (8 groups
    /// of the generator's 512 logs are about 4.5 MB).
    static let groupsPerSplit: Int64 = 8

    var isStreaming: Bool { true }

    init(scan: ScanNode, utcOffsetSeconds: Int, warn: @escaping (String) -> Void) throws {
        options = try LoghubOptions(table: scan.table)
        mapping = LogRowMapping(attributes: scan.attributes)
        self.utcOffsetSeconds = utcOffsetSeconds
        self.warn = warn
        do {
            client = try SLSClient(endpoint: options.endpoint, credentials: options.credentials)
        } catch {
            throw ConnectorError("loghub table \(scan.table.qualifiedName): \(error)")
        }
    }

    /// Each shard at its `startingoffsets` position (the shard's end for `latest`), as empty ranges.
    func initialOffset() throws -> SourceOffset? {
        let shards = try call { try client.listShards(project: options.project, store: options.store) }
        let starts = try initialPositions(shards.map(\.id))
        let ranges = shards.compactMap { shard in starts[shard.id].map { ShardRange(shard: shard.id, start: $0, end: $0) } }
        return SourceOffset(files: [], seen: [], shards: ranges)
    }

    func nextOffset(after previous: SourceOffset?) throws -> SourceOffset? {
        let shards = try call { try client.listShards(project: options.project, store: options.store) }
        let previousEnds = Dictionary((previous?.shards ?? []).map { ($0.shard, $0.end) }, uniquingKeysWith: max)
        let starts = previous == nil ? try initialPositions(shards.map(\.id)) : [:]
        var ranges: [ShardRange] = []
        // A shard moved back to its end makes an epoch even with nothing to read, so the new
        // position is recorded and later logs are read from it.
        var reset = false
        for shard in shards {
            let begin = try position(shard.id, .begin)
            var start = previousEnds[shard.id] ?? starts[shard.id] ?? begin
            if start < begin {
                guard !options.failOnDataLoss else {
                    throw ConnectorError(
                        "log store \(options.project)/\(options.store) shard \(shard.id): logs from cursor \(start) to "
                            + "\(begin) were removed by retention before they were read; set failOnDataLoss=false "
                            + "to skip them")
                }
                warn("loghub \(options.project)/\(options.store) shard \(shard.id): skipped \(begin - start) log groups removed by retention")
                lostGroups += Int(begin - start)
                start = begin
            }
            let end = try position(shard.id, .end)
            if start > end {
                try reportDataLoss(
                    shard: shard.id,
                    "the checkpoint says the query read to cursor \(start) but the shard ends at \(end): the log store lost "
                        + "logs or is not the one the checkpoint was written against",
                    resetting: "from the shard's end")
                start = end
                reset = true
            }
            ranges.append(ShardRange(shard: shard.id, start: start, end: max(end, start)))
        }
        guard reset || ranges.contains(where: { !$0.isEmpty }) else { return nil }
        if let limit = options.maxOffsetsPerTrigger {
            ranges = try limited(ranges, logs: limit)
        }
        return SourceOffset(files: [], seen: [], shards: ranges)
    }

    /// `ranges` cut to about `logs` logs in all, each shard's to as many groups as hold its share
    /// (at least one), with logs per group estimated from the store's histogram: no log is pulled.
    private func limited(_ ranges: [ShardRange], logs: Int) throws -> [ShardRange] {
        let pending = ranges.filter { !$0.isEmpty }
        guard !pending.isEmpty else { return ranges }
        // The span of receive times of the unread groups, and the groups every shard received in it.
        var from = Int64.max
        var through = Int64.min
        for range in pending {
            from = min(from, try receiveTime(range.shard, range.start))
            through = max(through, try receiveTime(range.shard, range.end - 1))
        }
        let to = max(from, through) + 1
        var groups: Int64 = 0
        for range in ranges {
            groups += try position(range.shard, .time(to)) - position(range.shard, .time(from))
        }
        let histogram = try call {
            try client.histogramCount(project: options.project, store: options.store, from: from, to: to)
        }
        let budget = EpochBudget(logs: logs, shards: ranges.count, logsInSpan: histogram, groupsInSpan: groups)
        return ranges.map { range in
            ShardRange(
                shard: range.shard, start: range.start,
                end: range.start + min(max(0, range.end - range.start), budget.groupsPerShard))
        }
    }

    private func receiveTime(_ shard: Int, _ position: Int64) throws -> Int64 {
        try call {
            try client.cursorTime(
                project: options.project, store: options.store, shard: shard, cursor: LogCursor(position: position))
        }
    }

    /// An epoch run again must find its whole range still in the shard: not removed by retention
    /// (a recomputed state would silently miss those logs), not beyond the shard's end.
    func verify(_ offset: SourceOffset) throws {
        for range in offset.shards ?? [] where !range.isEmpty {
            let begin = try position(range.shard, .begin)
            if range.start < begin {
                try reportDataLoss(
                    shard: range.shard,
                    "an epoch run again reads cursors \(range.start)–\(range.end) but logs before cursor \(begin) were "
                        + "removed by retention",
                    resetting: "and reading what is left")
            }
            let end = try position(range.shard, .end)
            if range.end > end {
                try reportDataLoss(
                    shard: range.shard,
                    "an epoch run again reads cursors \(range.start)–\(range.end) but the shard ends at \(end): the log "
                        + "store lost logs or is not the one the checkpoint was written against",
                    resetting: "and reading what is left")
            }
        }
    }

    /// Data the query should have read is gone: an error, or with `failOnDataLoss=false` a warning
    /// as Spark gives, and the query goes on as `resetting` says.
    private func reportDataLoss(shard: Int, _ what: String, resetting: String) throws {
        let place = "log store \(options.project)/\(options.store) shard \(shard)"
        guard !options.failOnDataLoss else {
            throw ConnectorError("\(place): \(what); set failOnDataLoss=false to go on \(resetting), losing data")
        }
        warn("loghub \(place): \(what); failOnDataLoss=false: going on \(resetting)")
    }

    func splits(_ offset: SourceOffset) throws -> [SourceSplit] {
        var splits: [SourceSplit] = []
        for range in offset.shards ?? [] where !range.isEmpty {
            var start = range.start
            while start < range.end {
                let stop = min(start + Self.groupsPerSplit, range.end)
                splits.append(LoghubSplit(source: self, range: ShardRange(shard: range.shard, start: start, end: stop)))
                start = stop
            }
        }
        return splits
    }

    /// The read settings a split needs, without this (driver-side, non-sendable) source.
    var connection: LoghubConnection {
        LoghubConnection(
            endpoint: options.endpoint, credentials: options.credentials, project: options.project, store: options.store,
            batchGetStep: options.batchGetStep, pullCompression: Self.pullCompression(for: client.endpoint))
    }

    /// lz4 over a network; none on loopback, where compressing costs CPU and saves nothing.
    static func pullCompression(for endpoint: SLSEndpoint) -> LogCompression {
        let host = endpoint.host.lowercased()
        let loopback = host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
        return loopback ? .none : .lz4
    }

    private func initialPositions(_ shards: [Int]) throws -> [Int: Int64] {
        if let initialStarts { return initialStarts }
        var starts: [Int: Int64] = [:]
        var skippedGroups: Int64 = 0
        for shard in shards {
            switch options.startingOffsets {
            case .earliest: starts[shard] = try position(shard, .begin)
            case .latest:
                let end = try position(shard, .end)
                starts[shard] = end
                skippedGroups += max(0, end - (try position(shard, .begin)))
            case .times(let times):
                starts[shard] = try position(shard, times[shard].map { CursorStart.time($0) } ?? .begin)
            }
        }
        initialStarts = starts
        if skippedGroups > 0 {
            // Counting logs would pull every group; the group count is one cursor call per shard.
            warn(
                "loghub \(options.project)/\(options.store): the query starts at latest and skips the "
                    + "\(skippedGroups) log groups already in the store; set startingoffsets=earliest to read them")
        }
        return starts
    }

    private func position(_ shard: Int, _ start: CursorStart) throws -> Int64 {
        try call { try client.cursor(project: options.project, store: options.store, shard: shard, from: start).position }
    }

    private func call<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as LogStoreError {
            throw ConnectorError("log store \(options.project)/\(options.store) at \(options.endpoint): \(error)")
        }
    }
}

/// What a task needs to pull a shard range itself.
struct LoghubConnection: Sendable {
    let endpoint: String
    let credentials: SLSCredentials
    let project: String
    let store: String
    let batchGetStep: Int
    let pullCompression: LogCompression
}

/// One task's piece of an epoch: a cursor range of one shard, pulled by the task and decoded
/// into the scan's columns, each log group walked once.
struct LoghubSplit: SourceSplit {

    let connection: LoghubConnection
    let mapping: LogRowMapping
    let utcOffsetSeconds: Int
    let range: ShardRange
    var shardRange: ShardRange? { range }

    init(source: LoghubSource, range: ShardRange) {
        self.init(
            connection: source.connection, mapping: source.mapping, utcOffsetSeconds: source.utcOffsetSeconds,
            range: range)
    }

    /// A split a task pulls itself, for a scan of a loghub table (on an executor, without the source).
    init(scan: ScanNode, utcOffsetSeconds: Int, range: ShardRange) throws {
        let options = try LoghubOptions(table: scan.table)
        let endpoint: SLSEndpoint
        do {
            endpoint = try SLSEndpoint(parsing: options.endpoint)
        } catch {
            throw ConnectorError("loghub table \(scan.table.qualifiedName): \(error)")
        }
        self.init(
            connection: LoghubConnection(
                endpoint: options.endpoint, credentials: options.credentials, project: options.project,
                store: options.store, batchGetStep: options.batchGetStep,
                pullCompression: LoghubSource.pullCompression(for: endpoint)),
            mapping: LogRowMapping(attributes: scan.attributes), utcOffsetSeconds: utcOffsetSeconds, range: range)
    }

    init(connection: LoghubConnection, mapping: LogRowMapping, utcOffsetSeconds: Int, range: ShardRange) {
        self.connection = connection
        self.mapping = mapping
        self.utcOffsetSeconds = utcOffsetSeconds
        self.range = range
    }

    func read(metrics: inout TaskMetrics) throws -> RecordBatch {
        var answers = try pull()
        // Room for every value's text at once (the pulled bytes bound it), and for the rows once
        // the first group tells how many logs a group holds, so columns seldom grow by copying.
        var decoder = LogRowDecoder(
            mapping: mapping, shard: range.shard, project: connection.project, store: connection.store,
            utcOffsetSeconds: utcOffsetSeconds, expectedGroups: Int(range.end - range.start),
            textBytes: answers.reduce(0) { $0 + $1.result.body.count })
        for index in answers.indices {
            // The decoder keeps the first answer's bytes as a column's rather than copying them,
            // so the answer's body is moved out of the list, not shared.
            var body: [UInt8] = []
            swap(&body, &answers[index].result.body)
            let (cursor, result) = (answers[index].cursor, answers[index].result)
            let found: Int
            do {
                found = try decoder.append(adopting: &body, firstGroupCursor: cursor)
            } catch let error as LogProtocolError {
                throw ConnectorError(
                    "log store \(connection.project)/\(connection.store) shard \(range.shard): the PullLogs answer at "
                        + "cursor \(cursor) is not a valid LogGroupList: \(error)")
            }
            let expected = result.nextCursor.position - cursor
            guard Int64(found) == expected, found == result.groupCount else {
                throw ConnectorError(
                    "log store \(connection.project)/\(connection.store) shard \(range.shard): the PullLogs answer at "
                        + "cursor \(cursor) holds \(found) log groups, but says \(result.groupCount) and moves the "
                        + "cursor by \(expected)")
            }
        }
        metrics.malformedRecords += decoder.malformedRecords
        return decoder.finish()
    }

    /// The PullLogs answers covering the range, each with the cursor it starts at, over a kept
    /// connection to the log store (`SLSClientPool`): tasks of one executor reuse its connections.
    private func pull() throws -> [(cursor: Int64, result: PullResult)] {
        do {
            return try SLSClientPool.shared.withClient(endpoint: connection.endpoint, credentials: connection.credentials) {
                try pull(with: $0)
            }
        } catch let error as LogStoreError {
            throw ConnectorError("log store \(connection.project)/\(connection.store) at \(connection.endpoint): \(error)")
        }
    }

    /// The PullLogs answers covering the range, pulled over `client`'s connection.
    private func pull(with client: SLSClient) throws -> [(cursor: Int64, result: PullResult)] {
        var cursor = range.start
        var answers: [(cursor: Int64, result: PullResult)] = []
        while cursor < range.end {
            let result = try client.pullLogs(
                project: connection.project, store: connection.store, shard: range.shard,
                cursor: LogCursor(position: cursor), count: connection.batchGetStep,
                end: LogCursor(position: range.end), compression: connection.pullCompression)
            let next = result.nextCursor.position
            guard result.groupCount > 0, next > cursor, next <= range.end else {
                throw ConnectorError(
                    "log store \(connection.project)/\(connection.store) shard \(range.shard): no logs at cursor "
                        + "\(cursor) before \(range.end) (the answer's next cursor is \(next)); "
                        + "were they removed by retention?")
            }
            answers.append((cursor, result))
            cursor = result.nextCursor.position
        }
        return answers
    }
}
