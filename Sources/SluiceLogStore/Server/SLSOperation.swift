import SluiceLogClient
import SluiceLogProtocol

/// The API calls the server answers, parsed from a request's method, path and query. Pure.
enum SLSOperation: Equatable {
    case getProject
    case createProject
    case listLogStores(offset: Int, size: Int, nameFilter: String?)
    case createLogStore
    case getLogStore(store: String)
    case histograms(store: String, from: Int64, to: Int64)
    case listShards(store: String)
    case putLogs(store: String, hashKey: HashKey?)
    case getCursor(store: String, shard: Int, from: CursorStart)
    case getCursorTime(store: String, shard: Int, cursor: LogCursor)
    case pullLogs(store: String, shard: Int, cursor: LogCursor, count: Int, end: LogCursor?)

    /// Where GetCursor starts.
    enum CursorStart: Equatable {
        case begin
        case end
        /// The first group received at or after this unix time.
        case time(Int64)
    }

    /// Most log groups one PullLogs may ask for.
    static let maxPullCount = 1000

    /// Parses a request.
    /// - Throws: `LogStoreError` with the SLS code of the problem (`ParameterInvalid`, `InvalidCursor`).
    static func parse(method: String, path: String, query: [(name: String, value: String)]) throws(LogStoreError)
        -> SLSOperation
    {
        func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
        func invalid(_ message: String) -> LogStoreError {
            LogStoreError(message, code: "ParameterInvalid", status: 400)
        }
        func cursor(_ name: String) throws(LogStoreError) -> LogCursor {
            guard let text = value(name) else { throw invalid("missing parameter \(name)") }
            do {
                return try LogCursor(encoded: text)
            } catch {
                throw LogStoreError("invalid \(name) \(text)", code: "InvalidCursor", status: 400)
            }
        }
        func integer(_ name: String, default fallback: Int64? = nil) throws(LogStoreError) -> Int64 {
            guard let text = value(name) else {
                if let fallback { return fallback }
                throw invalid("missing parameter \(name)")
            }
            guard let number = Int64(text) else { throw invalid("parameter \(name) is not an integer: \(text)") }
            return number
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch (method, parts.count) {
        case ("GET", 0): return .getProject
        case ("POST", 0): return .createProject
        case ("GET", 1) where parts[0] == "logstores":
            return .listLogStores(
                offset: Int(try integer("offset", default: 0)), size: Int(try integer("size", default: 500)),
                nameFilter: value("logstoreName").flatMap { $0.isEmpty ? nil : $0 })
        case ("POST", 1) where parts[0] == "logstores": return .createLogStore
        case ("GET", 2) where parts[0] == "logstores":
            if value("type") == "histogram" {
                return .histograms(store: parts[1], from: try integer("from"), to: try integer("to"))
            }
            return .getLogStore(store: parts[1])
        case ("GET", 3) where parts[0] == "logstores" && parts[2] == "shards": return .listShards(store: parts[1])
        case ("POST", 4) where parts[0] == "logstores" && parts[2] == "shards" && parts[3] == "lb":
            return .putLogs(store: parts[1], hashKey: nil)
        case ("POST", 4) where parts[0] == "logstores" && parts[2] == "shards" && parts[3] == "route":
            guard let text = value("key"), let key = HashKey(hex: text) else {
                throw invalid("parameter key must be 32 hex digits")
            }
            return .putLogs(store: parts[1], hashKey: key)
        case ("GET", 4) where parts[0] == "logstores" && parts[2] == "shards":
            guard let shard = Int(parts[3]), shard >= 0 else {
                throw LogStoreError("shard \(parts[3]) does not exist", code: "ShardNotExist", status: 400)
            }
            switch value("type") {
            case "cursor":
                switch value("from") {
                case "begin": return .getCursor(store: parts[1], shard: shard, from: .begin)
                case "end": return .getCursor(store: parts[1], shard: shard, from: .end)
                case let text?:
                    guard let time = Int64(text), time >= 0 else { throw invalid("Parameter From is not valid") }
                    return .getCursor(store: parts[1], shard: shard, from: .time(time))
                case nil: throw invalid("Parameter From is not valid")
                }
            case "cursor_time":
                return .getCursorTime(store: parts[1], shard: shard, cursor: try cursor("cursor"))
            case "log", "logs":
                let count = try integer("count", default: Int64(maxPullCount))
                guard (1...Int64(maxPullCount)).contains(count) else {
                    throw invalid("count must be between 1 and \(maxPullCount)")
                }
                let end: LogCursor? = value("end_cursor") == nil ? nil : try cursor("end_cursor")
                return .pullLogs(store: parts[1], shard: shard, cursor: try cursor("cursor"), count: Int(count), end: end)
            default:
                throw invalid("unknown type \(value("type") ?? "") for a shard")
            }
        default:
            throw invalid("no API for \(method) \(path)")
        }
    }
}
