import Foundation
import SluiceCore
import SluiceHTTP
import SluiceLogProtocol

/// One shard of a log store, as ListShards describes it.
public struct ShardInfo: Sendable, Equatable {
    /// The shard id.
    public let id: Int
    /// `readwrite` or `readonly`.
    public let status: String
    /// First MD5 key of the shard (32 hex digits).
    public let inclusiveBeginKey: String
    /// End of the shard's key range (32 hex digits, exclusive).
    public let exclusiveEndKey: String
}

/// Where a GetCursor call starts.
public enum CursorStart: Sendable, Equatable {
    /// The oldest retained group.
    case begin
    /// After the newest group.
    case end
    /// The first group received at or after this unix time.
    case time(Int64)
}

/// One PullLogs answer: the LogGroupList as received, not parsed yet (its reader walks it once,
/// with `LogGroupCodec.forEachGroup`).
public struct PullResult: Sendable {
    /// The uncompressed LogGroupList (a reader may take it over).
    public var body: [UInt8]
    /// The number of groups the server says it sent (`x-log-count`).
    public let groupCount: Int
    /// The cursor to continue from (the request's cursor when nothing was pulled).
    public let nextCursor: LogCursor

    /// Creates an answer.
    public init(body: [UInt8], groupCount: Int, nextCursor: LogCursor) {
        self.body = body
        self.groupCount = groupCount
        self.nextCursor = nextCursor
    }

    /// The byte range of each LogGroup in `body`, in order.
    ///
    /// - Throws: `LogStoreError` when `body` is not a LogGroupList.
    public func groupRanges() throws(LogStoreError) -> [Range<Int>] {
        do {
            return try body.withUnsafeBytes { try LogGroupCodec.listEntries($0) }
        } catch {
            throw LogStoreError("a PullLogs answer is not a LogGroupList: \(error)")
        }
    }

    /// The LogGroup bytes of each group, copied out of `body`.
    public var groups: [[UInt8]] {
        get throws(LogStoreError) { try groupRanges().map { Array(body[$0]) } }
    }
}

/// A client of the SLS HTTP API (v1 signatures, lz4/deflate bodies) for a Sluice log store or the
/// real service over http. Not thread-safe: one per thread; it keeps one connection alive.
public final class SLSClient {
    /// The endpoint connected to.
    public let endpoint: SLSEndpoint
    private let credentials: SLSCredentials
    private let connection: HTTPConnection
    private let attempts: Int

    /// Attempts per call when the connection fails or the server answers 5xx, unless told otherwise.
    public static let defaultAttempts = 4
    /// Wait before the first retry; doubled for each next one.
    public static let firstRetryDelay: Duration = .milliseconds(100)

    /// A client of `endpoint` (see `SLSEndpoint`) signing with `credentials`, making up to
    /// `attempts` tries per call.
    public init(
        endpoint: String, credentials: SLSCredentials, timeout: Duration = .seconds(30),
        attempts: Int = SLSClient.defaultAttempts
    ) throws(LogStoreError) {
        self.endpoint = try SLSEndpoint(parsing: endpoint)
        self.credentials = credentials
        self.attempts = max(1, attempts)
        connection = HTTPConnection(host: self.endpoint.host, port: self.endpoint.port, timeout: timeout)
    }

    /// Whether `project` exists.
    public func projectExists(_ project: String) throws(LogStoreError) -> Bool {
        do {
            _ = try call("GET", project: project, path: "/")
            return true
        } catch where error.code == "ProjectNotExist" {
            return false
        }
    }

    /// Creates `project`.
    public func createProject(_ project: String, description: String = "") throws(LogStoreError) {
        let body = try Self.jsonBytes(["projectName": project, "description": description])
        _ = try call("POST", project: project, path: "/", body: body, contentType: "application/json")
    }

    /// Creates a log store of `shardCount` shards keeping logs `ttlDays` days.
    public func createLogStore(project: String, store: String, shardCount: Int, ttlDays: Int = 30) throws(LogStoreError) {
        let body = try Self.jsonBytes(["logstoreName": store, "ttl": ttlDays, "shardCount": shardCount])
        _ = try call("POST", project: project, path: "/logstores", body: body, contentType: "application/json")
    }

    /// Names of the log stores of `project`.
    public func listLogStores(project: String) throws(LogStoreError) -> [String] {
        let response = try call("GET", project: project, path: "/logstores", query: [("offset", "0"), ("size", "500")])
        guard let object = try Self.json(response) as? [String: Any], let names = object["logstores"] as? [String] else {
            throw LogStoreError("unexpected ListLogStores answer from \(endpoint)")
        }
        return names
    }

    /// The shards of `store`.
    public func listShards(project: String, store: String) throws(LogStoreError) -> [ShardInfo] {
        let response = try call("GET", project: project, path: "/logstores/\(store)/shards")
        guard let array = try Self.json(response) as? [[String: Any]] else {
            throw LogStoreError("unexpected ListShards answer from \(endpoint)")
        }
        return array.compactMap { entry in
            guard let id = (entry["shardID"] as? NSNumber)?.intValue else { return nil }
            return ShardInfo(
                id: id, status: entry["status"] as? String ?? "readwrite",
                inclusiveBeginKey: entry["inclusiveBeginKey"] as? String ?? "",
                exclusiveEndKey: entry["exclusiveEndKey"] as? String ?? "")
        }.sorted { $0.id < $1.id }
    }

    /// Writes one log group (already encoded) to `store`: to the shard owning `hashKey`, or to
    /// any shard when it is nil.
    public func putLogs(
        project: String, store: String, groupBytes: [UInt8], hashKey: String? = nil, compression: LogCompression = .lz4
    ) throws(LogStoreError) {
        let path = "/logstores/\(store)/shards/" + (hashKey == nil ? "lb" : "route")
        let query = hashKey.map { [("key", $0)] } ?? []
        _ = try call(
            "POST", project: project, path: path, query: query, body: compression.compress(groupBytes),
            contentType: "application/x-protobuf", rawSize: groupBytes.count, compression: compression)
    }

    /// Writes one log group to `store`.
    public func putLogs(
        project: String, store: String, group: LogGroup, hashKey: String? = nil, compression: LogCompression = .lz4
    ) throws(LogStoreError) {
        try putLogs(
            project: project, store: store, groupBytes: LogGroupCodec.encode(group), hashKey: hashKey,
            compression: compression)
    }

    /// A cursor of `shard`.
    public func cursor(project: String, store: String, shard: Int, from start: CursorStart) throws(LogStoreError)
        -> LogCursor
    {
        let from: String
        switch start {
        case .begin: from = "begin"
        case .end: from = "end"
        case let .time(time): from = String(time)
        }
        let response = try call(
            "GET", project: project, path: "/logstores/\(store)/shards/\(shard)",
            query: [("type", "cursor"), ("from", from)], contentType: "application/json")
        guard let object = try Self.json(response) as? [String: Any], let text = object["cursor"] as? String,
            let cursor = try? LogCursor(encoded: text)
        else { throw LogStoreError("unexpected GetCursor answer from \(endpoint)") }
        return cursor
    }

    /// The receive time (unix seconds) of the group at `cursor`.
    public func cursorTime(project: String, store: String, shard: Int, cursor: LogCursor) throws(LogStoreError) -> Int64 {
        let response = try call(
            "GET", project: project, path: "/logstores/\(store)/shards/\(shard)",
            query: [("type", "cursor_time"), ("cursor", cursor.encoded)], contentType: "application/json")
        guard let object = try Self.json(response) as? [String: Any],
            let time = (object["cursor_time"] as? NSNumber)?.int64Value
        else { throw LogStoreError("unexpected GetCursorTime answer from \(endpoint)") }
        return time
    }

    /// The number of logs `store` received from `from` to before `to` (unix seconds, receive time),
    /// summed over the buckets of a GetHistograms answer (`query=*`, every topic).
    ///
    /// - Throws: `LogStoreError` when the call fails or the answer is not a histogram, or (code
    ///   `HistogramIncomplete`) when the service says its count is not complete yet.
    public func histogramCount(project: String, store: String, from: Int64, to: Int64) throws(LogStoreError) -> Int {
        let response = try call(
            "GET", project: project, path: "/logstores/\(store)",
            query: [("type", "histogram"), ("from", String(from)), ("to", String(to)), ("topic", ""), ("query", "*")])
        guard let buckets = try Self.json(response) as? [[String: Any]] else {
            throw LogStoreError("unexpected GetHistograms answer from \(endpoint)")
        }
        var total = 0
        for bucket in buckets {
            guard let count = (bucket["count"] as? NSNumber)?.intValue, count >= 0 else {
                throw LogStoreError("unexpected GetHistograms answer from \(endpoint): a bucket without a count")
            }
            if let progress = bucket["progress"] as? String, progress != "Complete" {
                throw LogStoreError(
                    "GetHistograms from \(endpoint) is not complete (\(progress))", code: "HistogramIncomplete")
            }
            total += count
        }
        return total
    }

    /// Pulls up to `count` groups of `shard` from `cursor`, never at or past `end`.
    public func pullLogs(
        project: String, store: String, shard: Int, cursor: LogCursor, count: Int, end: LogCursor? = nil,
        compression: LogCompression = .lz4
    ) throws(LogStoreError) -> PullResult {
        var query = [("type", "log"), ("cursor", cursor.encoded), ("count", String(count))]
        if let end { query.append(("end_cursor", end.encoded)) }
        let response = try call(
            "GET", project: project, path: "/logstores/\(store)/shards/\(shard)", query: query,
            accept: compression)
        guard let nextText = response.headers["x-log-cursor"], let next = try? LogCursor(encoded: nextText) else {
            throw LogStoreError("PullLogs answer from \(endpoint) has no valid x-log-cursor")
        }
        let rawSize = Int(response.headers["x-log-bodyrawsize"] ?? "") ?? response.body.count
        guard let bodyCompression = LogCompression(header: response.headers["x-log-compresstype"]) else {
            throw LogStoreError("PullLogs answer from \(endpoint) uses an unknown compression")
        }
        guard let countText = response.headers["x-log-count"], let groupCount = Int(countText), groupCount >= 0 else {
            throw LogStoreError("PullLogs answer from \(endpoint) has no valid x-log-count")
        }
        let raw = try bodyCompression.decompress(response.body, rawSize: rawSize)
        return PullResult(body: raw, groupCount: groupCount, nextCursor: next)
    }

    /// Sends a signed request, retrying connection failures and 5xx answers with backoff.
    private func call(
        _ method: String, project: String, path: String, query: [(String, String)] = [], body: [UInt8] = [],
        contentType: String? = nil, rawSize: Int? = nil, compression: LogCompression = .none,
        accept: LogCompression? = nil
    ) throws(LogStoreError) -> HTTPResponse {
        var delay = Self.firstRetryDelay
        var attempt = 1
        while true {
            let request = SLSRequestSigner.sign(
                method: method, host: "\(project).\(endpoint.host)", path: path, query: query, body: body,
                contentType: contentType, rawSize: rawSize ?? body.count, compression: compression, accept: accept,
                credentials: credentials, now: Int64(Date().timeIntervalSince1970))
            let failure: LogStoreError
            switch Result(catching: { () throws(HTTPError) -> HTTPResponse in try connection.send(request) }) {
            case .success(let response):
                if response.status == 200 { return response }
                failure = Self.error(from: response, endpoint: endpoint)
                guard response.status >= 500 else { throw failure }
            case .failure(let error):
                failure = LogStoreError("\(error)", code: "RequestError")
            }
            guard attempt < attempts else { throw failure }
            Thread.sleep(forTimeInterval: delay.seconds)
            delay *= 2
            attempt += 1
        }
    }

    private static func error(from response: HTTPResponse, endpoint: SLSEndpoint) -> LogStoreError {
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        let code = object?["errorCode"] as? String ?? "HTTP\(response.status)"
        let message = object?["errorMessage"] as? String ?? String(decoding: response.body.prefix(200), as: UTF8.self)
        return LogStoreError("\(message) (from \(endpoint))", code: code, status: response.status)
    }

    private static func json(_ response: HTTPResponse) throws(LogStoreError) -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(response.body))
        } catch {
            throw LogStoreError("the answer is not JSON: \(String(decoding: response.body.prefix(200), as: UTF8.self))")
        }
    }

    private static func jsonBytes(_ object: [String: Any]) throws(LogStoreError) -> [UInt8] {
        do {
            return Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
        } catch {
            throw LogStoreError("cannot encode \(object): \(error)")
        }
    }
}
