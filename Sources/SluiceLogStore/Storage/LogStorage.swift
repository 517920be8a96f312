import Dispatch
import Foundation
import SluiceLogClient
import SluiceLogProtocol
import Synchronization

/// One log store: its configuration, shards and their key ranges.
public final class StoredLogStore: Sendable {
    /// The configuration written at creation.
    public let config: LogStoreConfig
    /// Shards by id.
    public let shards: [ShardLog]
    /// The MD5 key range of each shard, by id.
    public let keyRanges: [ShardKeyRange]

    init(config: LogStoreConfig, shards: [ShardLog]) {
        self.config = config
        self.shards = shards
        self.keyRanges = ShardKeyRange.split(shardCount: shards.count)
    }

    /// The shard with `id`.
    /// - Throws: `ShardNotExist`.
    public func shard(_ id: Int) throws(LogStoreError) -> ShardLog {
        guard shards.indices.contains(id) else {
            throw LogStoreError("shard \(id) does not exist in \(config.name)", code: "ShardNotExist", status: 400)
        }
        return shards[id]
    }
}

/// The projects and log stores under a data directory: `<dir>/<project>/project.json`,
/// `<dir>/<project>/<store>/logstore.json` and one directory of segments per shard,
/// `<dir>/<project>/<store>/<shard id>/`. Everything is opened (and recovered) at start. Every
/// directory is created 0700 and every file 0600. A background scrub checks every stored
/// record's checksum once at start and then every `LogStorageLimits.scrubIntervalSeconds`.
public final class LogStorage: Sendable {
    /// The data directory.
    public let root: String
    private let policy: FsyncPolicy

    /// Whether each write waits for `fdatasync` before it returns (`FsyncPolicy.always`).
    public var syncsEachWrite: Bool { policy == .always }
    private let segmentBytes: Int
    private let projects: Mutex<[String: StoredProject]>
    /// Serialises creations, whose file writes happen outside `projects`.
    private let creation = Mutex(())
    /// Signalled when the storage goes, to end the background scrub.
    private let scrubStop = DispatchSemaphore(value: 0)

    /// Default segment size: a new segment file starts past this many bytes.
    public static let defaultSegmentBytes = 64 << 20

    /// Opens (creating if missing) the data directory and every shard under it, and starts the
    /// background scrub unless `scrub` is false.
    /// - Throws: A storage error; for a damaged shard, one naming the file and offset and saying
    ///   to run `sluice logstore repair`.
    public init(
        directory: String, policy: FsyncPolicy = .always, segmentBytes: Int = LogStorage.defaultSegmentBytes,
        scrub: Bool = true
    ) throws(LogStoreError) {
        root = directory
        self.policy = policy
        self.segmentBytes = segmentBytes
        let manager = FileManager.default
        try StorageFiles.createDirectory(directory)
        var loaded: [String: StoredProject] = [:]
        for name in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] where StoreNames.isValidProject(name) {
            let path = directory + "/" + name
            guard let config: ProjectConfig = try Self.readJSON(path + "/project.json") else { continue }
            var stores: [String: StoredLogStore] = [:]
            for storeName in (try? manager.contentsOfDirectory(atPath: path)) ?? [] where StoreNames.isValidStore(storeName) {
                let storePath = path + "/" + storeName
                guard let storeConfig: LogStoreConfig = try Self.readJSON(storePath + "/logstore.json") else { continue }
                let shards = try (0..<storeConfig.shardCount).map { id throws(LogStoreError) in
                    do throws(LogStoreError) {
                        return try ShardLog(id: id, directory: storePath + "/\(id)", policy: policy, segmentBytes: segmentBytes)
                    } catch {
                        guard error.code == ShardRecovery.damagedCode else { throw error }
                        throw LogStoreError(
                            "\(error.message). Stop here and run: sluice logstore repair --data-dir \(directory) "
                                + "(it keeps the damaged bytes in the shard's quarantine/ folder, keeps every valid group, "
                                + "and prints what was lost)",
                            code: error.code, status: error.status)
                    }
                }
                stores[storeName] = StoredLogStore(config: storeConfig, shards: shards)
            }
            loaded[name] = StoredProject(config: config, stores: stores)
        }
        projects = Mutex(loaded)
        if scrub { startScrubbing() }
    }

    deinit {
        scrubStop.signal()
    }

    /// Checks every stored record's checksum (`ShardLog.scrub`) in every shard.
    /// - Returns: The damaged records found that were not known before.
    @discardableResult
    public func scrub() throws(LogStoreError) -> [DamagedRecord] {
        var found: [DamagedRecord] = []
        for store in allStores() {
            for shard in store.shards { found += try shard.scrub() }
        }
        return found
    }

    /// Runs `scrub` now and then every `LogStorageLimits.scrubIntervalSeconds` on a background
    /// thread, until the storage goes.
    private func startScrubbing() {
        let stop = scrubStop
        let thread = Thread { [weak self] in
            repeat {
                do {
                    try self?.scrub()
                } catch {
                    FileHandle.standardError.write(Data("logstore: scrub: \(error)\n".utf8))
                }
            } while self != nil && stop.wait(timeout: .now() + .seconds(LogStorageLimits.scrubIntervalSeconds)) == .timedOut
        }
        thread.name = "logstore-scrub"
        thread.start()
    }

    /// Creates a project.
    /// - Throws: `ProjectAlreadyExist`, `ParameterInvalid` for a bad name, or a storage error.
    public func createProject(_ name: String, description: String, now: Int64) throws(LogStoreError) {
        guard StoreNames.isValidProject(name) else {
            throw LogStoreError("invalid project name \(name)", code: "ParameterInvalid", status: 400)
        }
        try creation.withLock { _ throws(LogStoreError) in
            if projects.withLock({ $0[name] }) != nil {
                throw LogStoreError("project \(name) already exists", code: "ProjectAlreadyExist", status: 400)
            }
            let config = ProjectConfig(name: name, description: description, createTime: now)
            try writeJSON(config, directory: root + "/" + name, file: "project.json")
            projects.withLock { $0[name] = StoredProject(config: config, stores: [:]) }
        }
    }

    /// The project named `name`.
    /// - Throws: `ProjectNotExist`.
    public func project(_ name: String) throws(LogStoreError) -> ProjectConfig {
        try storedProject(name).config
    }

    /// Creates a log store of `config.shardCount` shards in `project`.
    /// - Throws: `ProjectNotExist`, `LogStoreAlreadyExist`, `ParameterInvalid`, or a storage error.
    public func createLogStore(project: String, _ config: LogStoreConfig) throws(LogStoreError) {
        guard StoreNames.isValidStore(config.name) else {
            throw LogStoreError("invalid log store name \(config.name)", code: "ParameterInvalid", status: 400)
        }
        guard (1...LogStorageLimits.maxShards).contains(config.shardCount) else {
            throw LogStoreError(
                "shardCount must be between 1 and \(LogStorageLimits.maxShards), not \(config.shardCount)",
                code: "ParameterInvalid", status: 400)
        }
        guard config.ttlDays >= 1 else {
            throw LogStoreError("ttl must be at least 1 day, not \(config.ttlDays)", code: "ParameterInvalid", status: 400)
        }
        let owner = try storedProject(project)
        try creation.withLock { _ throws(LogStoreError) in
            if owner.stores.withLock({ $0[config.name] }) != nil {
                throw LogStoreError(
                    "log store \(config.name) already exists in \(project)", code: "LogStoreAlreadyExist", status: 400)
            }
            let path = root + "/" + project + "/" + config.name
            let shards = try (0..<config.shardCount).map { id throws(LogStoreError) in
                try ShardLog(id: id, directory: path + "/\(id)", policy: policy, segmentBytes: segmentBytes)
            }
            try writeJSON(config, directory: path, file: "logstore.json")
            owner.stores.withLock { $0[config.name] = StoredLogStore(config: config, shards: shards) }
        }
    }

    /// Names of the log stores of `project`, sorted.
    public func logStoreNames(project: String) throws(LogStoreError) -> [String] {
        try storedProject(project).stores.withLock { $0.keys.sorted() }
    }

    /// The log store `name` of `project`.
    /// - Throws: `ProjectNotExist` or `LogStoreNotExist`.
    public func logStore(project: String, _ name: String) throws(LogStoreError) -> StoredLogStore {
        guard let store = try storedProject(project).stores.withLock({ $0[name] }) else {
            throw LogStoreError("logstore \(name) does not exist", code: "LogStoreNotExist", status: 404)
        }
        return store
    }

    /// Every shard of every store, for the background flush and retention passes.
    public func allStores() -> [StoredLogStore] {
        projects.withLock { projects in projects.values.flatMap { $0.stores.withLock { Array($0.values) } } }
    }

    /// Removes segments older than each store's TTL; returns the number of groups removed.
    @discardableResult
    public func applyRetention(now: Int64) throws(LogStoreError) -> Int {
        var removed = 0
        for store in allStores() {
            let cutoff = now - Int64(store.config.ttlDays) * 86_400
            for shard in store.shards { removed += try shard.expire(receivedBefore: cutoff) }
        }
        return removed
    }

    /// Flushes every shard's unsynced appends.
    public func flushAll() throws(LogStoreError) {
        for store in allStores() {
            for shard in store.shards { try shard.flush() }
        }
    }

    private func storedProject(_ name: String) throws(LogStoreError) -> StoredProject {
        guard let project = projects.withLock({ $0[name] }) else {
            throw LogStoreError("project \(name) does not exist", code: "ProjectNotExist", status: 404)
        }
        return project
    }

    /// Writes `value` as JSON to `directory/file` (mode 0600) crash-safely: a temporary file,
    /// synced, renamed over the target, and the directory synced.
    private func writeJSON<T: Encodable>(_ value: T, directory: String, file: String) throws(LogStoreError) {
        try StorageFiles.createDirectory(directory)
        let data: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            data = try encoder.encode(value)
        } catch {
            throw LogStoreError("cannot encode \(directory)/\(file): \(error)", code: "InternalServerError", status: 500)
        }
        let temporary = directory + "/." + file + ".tmp"
        try StorageFiles.writeDurably(Array(data), to: temporary)
        guard rename(temporary, directory + "/" + file) == 0 else {
            throw StorageCall.error("cannot replace \(directory)/\(file)")
        }
        try StorageCall.syncDirectory(directory)
    }

    private static func readJSON<T: Decodable>(_ path: String) throws(LogStoreError) -> T? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw LogStoreError("cannot read \(path): \(error)")
        }
    }
}

/// A project and its stores.
final class StoredProject: Sendable {
    let config: ProjectConfig
    let stores: Mutex<[String: StoredLogStore]>

    init(config: ProjectConfig, stores: [String: StoredLogStore]) {
        self.config = config
        self.stores = Mutex(stores)
    }
}

/// Named limits of the storage.
public enum LogStorageLimits {
    /// Most shards a log store may have.
    public static let maxShards = 256
    /// Seconds between the starts of two background scrubs (the first runs at start). Rot in a
    /// record sent by sendfile is caught within this long after the scrub reaches it.
    public static let scrubIntervalSeconds = 3_600
}
