import SluiceCluster
import SluiceCore
import SluiceExec
import SluiceLogClient
import SluiceLogProtocol
import SluicePlan

/// `USING loghub`: a stream over the shards of an SLS-compatible log store. Each epoch reads
/// `[start, end)` per shard, where `start` is the previous epoch's end (or `startingoffsets`) and
/// `end` the shard's end cursor, or with `maxOffsetsPerTrigger` the first group boundary where the
/// shard's share of that many logs is reached.
final class LoghubSource: QuerySource {
    let options: LoghubOptions
    let mapping: LoghubRowMapping
    let utcOffsetSeconds: Int
    private let client: SLSClient
    /// Where each shard starts when the query has no previous epoch, fixed at the first look.
    private var initialStarts: [Int: Int64]?
    /// Groups pulled while planning the last epoch (to count logs), reused by its splits.
    private var prefetched: [Int: (range: ShardRange, groups: PulledGroups)] = [:]
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
        mapping = LoghubRowMapping(attributes: scan.attributes)
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
        prefetched = [:]
        let budget = options.maxOffsetsPerTrigger.map { ($0 + max(shards.count, 1) - 1) / max(shards.count, 1) }
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
            var end = try position(shard.id, .end)
            if start > end {
                try reportDataLoss(
                    shard: shard.id,
                    "the checkpoint says the query read to cursor \(start) but the shard ends at \(end): the log store lost "
                        + "logs or is not the one the checkpoint was written against",
                    resetting: "from the shard's end")
                start = end
                reset = true
            }
            if let budget, end > start {
                let (stop, groups) = try pullUntil(shard: shard.id, from: start, end: end, logs: budget)
                end = stop
                prefetched[shard.id] = (ShardRange(shard: shard.id, start: start, end: stop), groups)
            }
            ranges.append(ShardRange(shard: shard.id, start: start, end: max(end, start)))
        }
        guard reset || ranges.contains(where: { !$0.isEmpty }) else { return nil }
        return SourceOffset(files: [], seen: [], shards: ranges)
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
            if let cached = prefetched[range.shard], cached.range == range {
                splits.append(LoghubSplit(source: self, range: range, groups: cached.groups))
                continue
            }
            var start = range.start
            while start < range.end {
                let stop = min(start + Self.groupsPerSplit, range.end)
                splits.append(LoghubSplit(source: self, range: ShardRange(shard: range.shard, start: start, end: stop), groups: nil))
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

    /// Pulls groups from `start` until `logs` logs are reached or `end`; returns where it stopped.
    private func pullUntil(shard: Int, from start: Int64, end: Int64, logs: Int) throws -> (Int64, PulledGroups) {
        var cursor = start
        var groups = PulledGroups()
        var total = 0
        while cursor < end, total < logs {
            let result = try call {
                try client.pullLogs(
                    project: options.project, store: options.store, shard: shard, cursor: LogCursor(position: cursor),
                    count: options.batchGetStep, end: LogCursor(position: end),
                    compression: Self.pullCompression(for: client.endpoint))
            }
            guard !result.groupRanges.isEmpty else { break }
            var taken = 0
            try result.body.withUnsafeBytes { body in
                for range in result.groupRanges where total < logs {
                    total += try LogGroupCodec.logCount(UnsafeRawBufferPointer(rebasing: body[range]))
                    taken += 1
                }
            }
            groups.chunks.append((result.body, result.groupRanges[..<taken]))
            cursor += Int64(taken)
        }
        return (cursor, groups)
    }

    private func call<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as LogStoreError {
            throw ConnectorError("log store \(options.project)/\(options.store) at \(options.endpoint): \(error)")
        }
    }
}

/// Log groups pulled from a shard: each PullLogs body as received, with the ranges of the groups
/// used from it (no group is copied out).
struct PulledGroups: Sendable {
    var chunks: [(body: [UInt8], ranges: ArraySlice<Range<Int>>)] = []

    /// Number of groups.
    var count: Int { chunks.reduce(0) { $0 + $1.ranges.count } }
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

/// One task's piece of an epoch: a cursor range of one shard, pulled by the task (or already
/// pulled while planning), decoded into the scan's columns.
struct LoghubSplit: SourceSplit {

    let connection: LoghubConnection
    let mapping: LoghubRowMapping
    let utcOffsetSeconds: Int
    let range: ShardRange
    let groups: PulledGroups?
    var shardRange: ShardRange? { range }

    init(source: LoghubSource, range: ShardRange, groups: PulledGroups?) {
        self.init(
            connection: source.connection, mapping: source.mapping, utcOffsetSeconds: source.utcOffsetSeconds,
            range: range, groups: groups)
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
            mapping: LoghubRowMapping(attributes: scan.attributes), utcOffsetSeconds: utcOffsetSeconds, range: range,
            groups: nil)
    }

    init(
        connection: LoghubConnection, mapping: LoghubRowMapping, utcOffsetSeconds: Int, range: ShardRange,
        groups: PulledGroups?
    ) {
        self.connection = connection
        self.mapping = mapping
        self.utcOffsetSeconds = utcOffsetSeconds
        self.range = range
        self.groups = groups
    }

    func read(metrics: inout TaskMetrics) throws -> RecordBatch {
        let groups = try groups ?? pull()
        // Room for every row and every value at once (the pulled bytes bound the text), so columns
        // never grow by copying.
        // Each group's header and log count in one pass over its framing.
        var bytes = 0
        var logs = 0
        var headers: [LoghubRowMapping.GroupHeader] = []
        for (body, ranges) in groups.chunks {
            try body.withUnsafeBytes { buffer in
                for range in ranges {
                    bytes += range.count
                    let header = try LogGroupCodec.groupHeader(UnsafeRawBufferPointer(rebasing: buffer[range]))
                    logs += header.logCount
                    headers.append(header)
                }
            }
        }
        var builders = mapping.builders(capacity: 0)
        for index in builders.indices { builders[index].reserve(rows: logs, stringBytes: bytes) }
        var next = 0
        for (body, ranges) in groups.chunks where !builders.isEmpty {
            try body.withUnsafeBytes { bytes in
                for range in ranges {
                    try mapping.appendRows(
                        of: UnsafeRawBufferPointer(rebasing: bytes[range]), header: headers[next],
                        groupCursor: self.range.start + Int64(next), shard: self.range.shard,
                        project: connection.project, store: connection.store, to: &builders, metrics: &metrics,
                        utcOffsetSeconds: utcOffsetSeconds)
                    next += 1
                }
            }
        }
        let rowCount = builders.first?.count ?? logs
        return RecordBatch(columns: builders.indices.map { builders[$0].finish() }, rowCount: rowCount)
    }

    private func pull() throws -> PulledGroups {
        do {
            let client = try SLSClient(endpoint: connection.endpoint, credentials: connection.credentials)
            var cursor = range.start
            var groups = PulledGroups()
            while cursor < range.end {
                let result = try client.pullLogs(
                    project: connection.project, store: connection.store, shard: range.shard,
                    cursor: LogCursor(position: cursor), count: connection.batchGetStep,
                    end: LogCursor(position: range.end), compression: connection.pullCompression)
                guard !result.groupRanges.isEmpty, result.nextCursor.position > cursor else {
                    throw ConnectorError(
                        "log store \(connection.project)/\(connection.store) shard \(range.shard): no logs at cursor "
                            + "\(cursor) before \(range.end); were they removed by retention?")
                }
                groups.chunks.append((result.body, result.groupRanges[...]))
                cursor = result.nextCursor.position
            }
            return groups
        } catch let error as LogStoreError {
            throw ConnectorError("log store \(connection.project)/\(connection.store) at \(connection.endpoint): \(error)")
        }
    }
}
