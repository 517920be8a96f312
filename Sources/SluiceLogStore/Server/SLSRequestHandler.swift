import Foundation
import SluiceHTTP
import SluiceLogClient
import SluiceLogProtocol
import Synchronization

/// Answers one SLS API request against the storage: authentication, routing, the operation, and
/// the SLS-shaped response (JSON or protobuf body, `x-log-*` headers, error codes).
final class SLSRequestHandler: Sendable {
    let storage: LogStorage
    let authenticator: RequestAuthenticator
    let requestCounter = Atomic<UInt64>(0)

    init(storage: LogStorage, authenticator: RequestAuthenticator) {
        self.storage = storage
        self.authenticator = authenticator
    }

    /// Limits of one request, as the real service sets them (sls-api.md).
    enum Limits {
        /// Largest uncompressed LogGroup a PutLogs may carry, in bytes.
        static let maxPutRawBytes = 10 << 20
        /// Most logs one PutLogs may carry.
        static let maxLogsPerPut = 40_960
        /// Payload bytes after which a PullLogs answer stops adding groups.
        static let maxPullBytes = 16 << 20
    }

    /// Answers a request the transport has authenticated (`authenticator`: the head before the
    /// body was read, the body after).
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        var response: HTTPResponse
        do {
            response = try answer(request)
        } catch {
            response = Self.errorResponse(error)
        }
        return stamped(response)
    }

    /// The SLS JSON answer to a request refused before it reached `handle` (by the transport:
    /// authentication, limits, malformed HTTP), with a request id like every other answer.
    func refusal(_ error: LogStoreError) -> HTTPResponse {
        stamped(Self.errorResponse(error))
    }

    /// `response` with its request id and server name.
    private func stamped(_ response: HTTPResponse) -> HTTPResponse {
        let id = requestCounter.add(1, ordering: .relaxed).newValue
        let requestId = String(format: "%016llX%08X", UInt64(Date().timeIntervalSince1970 * 1000), UInt32(truncatingIfNeeded: id))
        var response = response
        response.headers.set("x-log-requestid", requestId)
        response.headers.set("Server", "sluice-logstore")
        return response
    }

    private func answer(_ request: HTTPRequest) throws(LogStoreError) -> HTTPResponse {
        let now = Int64(Date().timeIntervalSince1970)
        let operation = try SLSOperation.parse(method: request.method, path: request.path, query: request.query)
        let project = ProjectHost.project(fromHost: request.headers["Host"])
        func requireProject() throws(LogStoreError) -> String {
            guard let project else {
                throw LogStoreError("the Host header names no project", code: "ProjectNotExist", status: 404)
            }
            return project
        }
        switch operation {
        case .getProject:
            let config = try storage.project(try requireProject())
            return try Self.json([
                "projectName": config.name, "status": "Normal", "description": config.description,
                "region": "local", "owner": "", "createTime": String(config.createTime),
                "lastModifyTime": String(config.createTime),
            ])
        case .createProject:
            let body = try Self.jsonObject(request.body)
            let name: String
            if let named = body["projectName"] as? String { name = named } else { name = try requireProject() }
            try storage.createProject(name, description: (body["description"] as? String) ?? "", now: now)
            return HTTPResponse(status: 200, headers: HTTPHeaders(), body: [])
        case let .listLogStores(offset, size, filter):
            var names = try storage.logStoreNames(project: try requireProject())
            if let filter { names = names.filter { $0.contains(filter) } }
            let page = Array(names.dropFirst(max(offset, 0)).prefix(max(size, 0)))
            return try Self.json(["count": page.count, "total": names.count, "logstores": page])
        case .createLogStore:
            return try createLogStore(project: try requireProject(), body: request.body, now: now)
        case let .getLogStore(name):
            let config = try storage.logStore(project: try requireProject(), name).config
            return try Self.json([
                "logstoreName": config.name, "ttl": config.ttlDays, "shardCount": config.shardCount,
                "enable_tracking": config.enableTracking, "appendMeta": config.appendMeta,
                "autoSplit": config.autoSplit, "maxSplitShard": config.maxSplitShard,
                "createTime": config.createTime, "lastModifyTime": config.createTime, "mode": "standard",
                "telemetryType": "",
            ])
        case let .histograms(name, from, to):
            let store = try storage.logStore(project: try requireProject(), name)
            let count = store.shards.reduce(0) { total, shard in
                total + shard.logCount(from: shard.sequence(atOrAfter: from), to: shard.sequence(atOrAfter: to))
            }
            var response = try Self.json([["from": from, "to": to, "count": count, "progress": "Complete"]])
            response.headers.set("x-log-progress", "Complete")
            return response
        case let .listShards(name):
            let store = try storage.logStore(project: try requireProject(), name)
            let shards: [[String: Any]] = store.shards.indices.map { id in
                [
                    "shardID": id, "status": "readwrite", "inclusiveBeginKey": store.keyRanges[id].beginHex,
                    "exclusiveEndKey": store.keyRanges[id].endHex, "createTime": store.config.createTime,
                ]
            }
            return try Self.json(shards)
        case let .putLogs(name, hashKey):
            return try putLogs(request, store: storage.logStore(project: try requireProject(), name), hashKey: hashKey, now: now)
        case let .getCursor(name, shardId, from):
            let shard = try storage.logStore(project: try requireProject(), name).shard(shardId)
            let sequence: Int64
            switch from {
            case .begin: sequence = shard.beginSequence
            case .end: sequence = shard.endSequence
            case let .time(time): sequence = shard.sequence(atOrAfter: time)
            }
            return try Self.json(["cursor": LogCursor(position: sequence).encoded])
        case let .getCursorTime(name, shardId, cursor):
            let shard = try storage.logStore(project: try requireProject(), name).shard(shardId)
            return try Self.json(["cursor_time": try shard.receiveTime(at: cursor.position, now: now)])
        case let .pullLogs(name, shardId, cursor, count, end):
            let shard = try storage.logStore(project: try requireProject(), name).shard(shardId)
            return try pullLogs(request, shard: shard, cursor: cursor, count: count, end: end)
        }
    }

    private func createLogStore(project: String, body: [UInt8], now: Int64) throws(LogStoreError) -> HTTPResponse {
        let object = try Self.jsonObject(body)
        guard let name = object["logstoreName"] as? String else {
            throw LogStoreError("logstoreName is missing", code: "ParameterInvalid", status: 400)
        }
        func integer(_ key: String, _ fallback: Int) -> Int { (object[key] as? NSNumber)?.intValue ?? fallback }
        func flag(_ key: String, _ fallback: Bool) -> Bool { (object[key] as? NSNumber)?.boolValue ?? fallback }
        let config = LogStoreConfig(
            name: name, ttlDays: integer("ttl", 30), shardCount: integer("shardCount", 2), createTime: now,
            autoSplit: flag("autoSplit", false), maxSplitShard: integer("maxSplitShard", 64),
            appendMeta: flag("appendMeta", false), enableTracking: flag("enable_tracking", false))
        try storage.createLogStore(project: project, config)
        return HTTPResponse(status: 200, headers: HTTPHeaders(), body: [])
    }

    private func putLogs(_ request: HTTPRequest, store: StoredLogStore, hashKey: HashKey?, now: Int64)
        throws(LogStoreError) -> HTTPResponse
    {
        let contentType = request.headers["Content-Type"]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-protobuf") else {
            throw LogStoreError(
                "PutLogs takes application/x-protobuf, not \(contentType.isEmpty ? "no content type" : contentType)",
                code: "InvalidContentType", status: 415)
        }
        guard let compression = LogCompression(header: request.headers["x-log-compresstype"]) else {
            throw LogStoreError(
                "unsupported x-log-compresstype \(request.headers["x-log-compresstype"] ?? "")",
                code: "InvalidCompressType", status: 400)
        }
        let rawSize: Int
        if let declared = request.headers["x-log-bodyrawsize"] {
            guard let size = Int(declared), size >= 0 else {
                throw LogStoreError("invalid x-log-bodyrawsize \(declared)", code: "InvalidBodyRawSize", status: 400)
            }
            rawSize = size
        } else if compression == .none {
            rawSize = request.body.count
        } else {
            throw LogStoreError("a compressed body needs x-log-bodyrawsize", code: "MissingBodyRawSize", status: 400)
        }
        guard rawSize <= Limits.maxPutRawBytes, request.body.count <= Limits.maxPutRawBytes else {
            throw LogStoreError(
                "the log group is \(rawSize) bytes, more than \(Limits.maxPutRawBytes)", code: "PostBodyTooLarge",
                status: 413)
        }
        guard rawSize > 0 else {
            throw LogStoreError("the log group is empty (x-log-bodyrawsize is 0)", code: "PostBodyInvalid", status: 400)
        }
        let payload = try compression.decompress(request.body, rawSize: rawSize)
        let logCount = try Self.validate(payload)
        guard logCount > 0 else {
            throw LogStoreError("the log group holds no logs", code: "PostBodyInvalid", status: 400)
        }
        guard logCount <= Limits.maxLogsPerPut else {
            throw LogStoreError(
                "\(logCount) logs in one request, more than \(Limits.maxLogsPerPut)", code: "PostBodyTooLarge",
                status: 413)
        }
        let shard: ShardLog
        if let hashKey {
            shard = store.shards[ShardKeyRange.shardIndex(for: hashKey, shardCount: store.shards.count)]
        } else {
            let pick = Int(requestCounter.load(ordering: .relaxed) % UInt64(store.shards.count))
            shard = store.shards[pick]
        }
        try shard.append(payload, logCount: logCount, now: now)
        return HTTPResponse(status: 200, headers: HTTPHeaders(), body: [])
    }

    private func pullLogs(_ request: HTTPRequest, shard: ShardLog, cursor: LogCursor, count: Int, end: LogCursor?)
        throws(LogStoreError) -> HTTPResponse
    {
        // Each group a LogGroupList entry, with the receive-time tag appended to the group.
        func frame(_ payloadLength: Int, _ receiveTime: Int64) -> (prefix: [UInt8], suffix: [UInt8]) {
            let tag = PullBody.receiveTimeTag(receiveTime)
            var prefix: [UInt8] = [0x0A]
            ProtobufWire.appendVarint(UInt64(payloadLength + tag.count), to: &prefix)
            return (prefix, tag)
        }
        let compression = PullBody.compression(accepting: request.headers["Accept-Encoding"])
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/x-protobuf")
        if compression == .none {
            // Uncompressed: the groups go from the segment files to the socket by sendfile.
            let (regions, next) = try shard.readRegions(
                from: cursor.position, count: count, end: end?.position, maxBytes: Limits.maxPullBytes, frame: frame)
            let parts = regions.flatMap { region -> [HTTPBodyPart] in
                // A tombstone (a group lost to damage) has no bytes in the file: an empty LogGroup.
                region.count == 0
                    ? [.bytes(region.prefix), .bytes(region.suffix)] : [.bytes(region.prefix), region.part, .bytes(region.suffix)]
            }
            headers.set("x-log-cursor", LogCursor(position: next).encoded)
            headers.set("x-log-count", String(regions.count))
            headers.set("x-log-bodyrawsize", String(parts.reduce(0) { $0 + $1.count }))
            var response = HTTPResponse(status: 200, headers: headers)
            response.bodyParts = parts
            return response
        }
        let (raw, groupCount, next) = try shard.readFramed(
            from: cursor.position, count: count, end: end?.position, maxBytes: Limits.maxPullBytes, frame: frame)
        headers.set("x-log-cursor", LogCursor(position: next).encoded)
        headers.set("x-log-count", String(groupCount))
        headers.set("x-log-bodyrawsize", String(raw.count))
        headers.set("x-log-compresstype", compression.rawValue)
        return HTTPResponse(status: 200, headers: headers, body: compression.compress(raw))
    }

    /// Checks a LogGroup's structure and returns its number of logs (`forEachLog` validates the
    /// group-level fields as well as every log).
    static func validate(_ payload: [UInt8]) throws(LogStoreError) -> Int {
        do {
            return try payload.withUnsafeBytes { bytes in
                var count = 0
                try LogGroupCodec.forEachLog(in: bytes) { _, _ in count += 1 }
                return count
            }
        } catch {
            throw LogStoreError("the body is not a valid LogGroup: \(error)", code: "PostBodyInvalid", status: 400)
        }
    }

    static func errorResponse(_ error: LogStoreError) -> HTTPResponse {
        let object: [String: Any] = [
            "errorCode": error.code ?? "InternalServerError", "errorMessage": error.message,
        ]
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { Array($0) } ?? []
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/json")
        return HTTPResponse(status: error.status ?? 500, headers: headers, body: body)
    }

    private static func json(_ object: Any) throws(LogStoreError) -> HTTPResponse {
        do {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            var headers = HTTPHeaders()
            headers.set("Content-Type", "application/json")
            return HTTPResponse(status: 200, headers: headers, body: Array(data))
        } catch {
            throw LogStoreError("cannot encode the response: \(error)", code: "InternalServerError", status: 500)
        }
    }

    private static func jsonObject(_ body: [UInt8]) throws(LogStoreError) -> [String: Any] {
        if body.isEmpty { return [:] }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw LogStoreError("the body is not a JSON object", code: "PostBodyInvalid", status: 400)
        }
        return object
    }
}

/// Building a PullLogs body. Pure.
enum PullBody {
    /// The LogGroup field holding the tag `__receive_time__`, appended after a stored group's
    /// bytes (a repeated field may follow the others), so readers see `__tag__:__receive_time__`
    /// as with the real service.
    static func receiveTimeTag(_ time: Int64) -> [UInt8] {
        let key = Array("__receive_time__".utf8)
        let value = Array(String(time).utf8)
        var field: [UInt8] = [0x32]
        ProtobufWire.appendVarint(UInt64(2 + key.count + 2 + value.count), to: &field)
        field.append(0x0A)
        field.append(UInt8(key.count))
        field.append(contentsOf: key)
        field.append(0x12)
        field.append(UInt8(value.count))
        field.append(contentsOf: value)
        return field
    }

    /// The compression of the answer: the first of lz4 and deflate the client accepts, else none.
    static func compression(accepting header: String?) -> LogCompression {
        let accepted = Set((header ?? "").lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        if accepted.contains("lz4") { return .lz4 }
        if accepted.contains("deflate") { return .deflate }
        return .none
    }
}

extension SegmentFile: FileOwner {}

extension ShardLog.GroupRegion {
    /// The group's bytes as a body part sent from the segment file.
    var part: HTTPBodyPart {
        .file(descriptor: file.descriptor, offset: offset, count: count, owner: file)
    }
}
