import Dispatch
import Foundation
import SluiceMetastore
import SluicePlan
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `DirectoryCatalogStore` on a real directory: what one instance stores, another reads; changes
/// serialize under the lock; a damaged file is refused by name; the files are private.
struct DirectoryCatalogStoreTests {
    /// A fresh metastore path (not created) and a way to remove it.
    struct Scratch {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-metastore-\(UUID().uuidString)")
        var path: String { root.appendingPathComponent("metastore").path }
        var catalogPath: String { path + "/catalog.json" }
        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    func table(_ name: String, password: String = "p") -> TableDefinition {
        TableDefinition(
            database: "default", name: name, provider: "jdbc2",
            options: [TableOptionValue(key: "password", value: password)], declaredColumns: [])
    }

    func mode(_ path: String) -> mode_t {
        var status = stat()
        guard stat(path, &status) == 0 else { return 0xFFFF }
        return status.st_mode & 0o7777
    }

    @Test func aNewMetastoreHoldsOnlyTheDefaultDatabase() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let catalog = try DirectoryCatalogStore(path: scratch.path).load()
        #expect(Array(catalog.databases.keys) == ["default"])
        #expect(catalog.database("default")?.tables.isEmpty == true)
    }

    @Test func whatOneInstanceStoresAnotherReads() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let first = try DirectoryCatalogStore(path: scratch.path)
        let returned = try first.update { catalog -> Int in
            catalog.databases["default"]?.tables["sales"] = table("Sales", password: "s3cret")
            catalog.databases["shop"] = DatabaseDefinition(name: "Shop")
            return catalog.databases.count
        }
        #expect(returned == 2)
        let loaded = try DirectoryCatalogStore(path: scratch.path).load()
        #expect(loaded.table("SALES", in: "Default") == table("Sales", password: "s3cret"))
        #expect(loaded.database("shop")?.name == "Shop")
        #expect(loaded.databases.count == 2)
    }

    @Test func aChangeThatThrowsStoresNothing() throws {
        struct Refused: Error {}
        let scratch = Scratch()
        defer { scratch.remove() }
        let store = try DirectoryCatalogStore(path: scratch.path)
        try store.update { $0.databases["default"]?.tables["a"] = table("a") }
        #expect(throws: Refused.self) {
            try store.update { catalog in
                catalog.databases["default"]?.tables["b"] = table("b")
                throw Refused()
            }
        }
        let loaded = try DirectoryCatalogStore(path: scratch.path).load()
        #expect(loaded.database("default")?.tables.keys.sorted() == ["a"])
    }

    /// Threads with stores of their own each add tables; without the lock, read-change-write
    /// cycles would overlap and lose tables.
    @Test func concurrentChangesFromSeveralInstancesAreAllKept() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        _ = try DirectoryCatalogStore(path: scratch.path)
        let writers = 4
        let tablesEach = 25
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            do {
                let store = try DirectoryCatalogStore(path: scratch.path)
                for index in 0..<tablesEach {
                    try store.update { $0.databases["default"]?.tables["t\(writer)_\(index)"] = table("t\(writer)_\(index)") }
                }
            } catch {
                failures.record("\(error)")
            }
        }
        #expect(failures.all.isEmpty)
        let names = try DirectoryCatalogStore(path: scratch.path).load().database("default")?.tables.keys.sorted() ?? []
        let expected = (0..<writers).flatMap { writer in (0..<tablesEach).map { "t\(writer)_\($0)" } }.sorted()
        #expect(names == expected)
    }

    /// While a change runs, the lock file is held exclusively: another descriptor can take
    /// neither a shared nor an exclusive lock on it.
    @Test func aChangeRunsUnderAnExclusiveLock() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let store = try DirectoryCatalogStore(path: scratch.path)
        let results = try store.update { _ -> [Int32] in
            let descriptor = open(scratch.path + "/catalog.lock", O_RDWR)
            defer { close(descriptor) }
            let shared = flock(descriptor, LOCK_SH | LOCK_NB) == 0 ? 0 : errno
            let exclusive = flock(descriptor, LOCK_EX | LOCK_NB) == 0 ? 0 : errno
            return [shared, exclusive]
        }
        #expect(results == [EWOULDBLOCK, EWOULDBLOCK])
        // Released afterwards.
        let descriptor = open(scratch.path + "/catalog.lock", O_RDWR)
        defer { close(descriptor) }
        #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
    }

    @Test func aCatalogFileCutShortIsRefusedNamingIt() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let store = try DirectoryCatalogStore(path: scratch.path)
        try store.update { $0.databases["default"]?.tables["sales"] = table("sales") }
        let whole = try Data(contentsOf: URL(fileURLWithPath: scratch.catalogPath))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: scratch.catalogPath))
        let attempts: [() throws -> Void] = [
            { _ = try store.load() }, { try store.update { $0.databases["x"] = DatabaseDefinition(name: "x") } },
        ]
        for attempt in attempts {
            #expect {
                try attempt()
            } throws: { error in
                (error as? MetastoreError)?.message.hasPrefix("cannot read metastore \(scratch.catalogPath)") == true
            }
        }
        // The failed update did not replace the damaged file with anything.
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.catalogPath)) == whole.prefix(whole.count / 2))
    }

    @Test func aCatalogOfAnotherFormatVersionIsRefusedSayingSo() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let store = try DirectoryCatalogStore(path: scratch.path)
        try Data(#"{"formatVersion": 2, "databases": {}}"#.utf8).write(to: URL(fileURLWithPath: scratch.catalogPath))
        #expect {
            try store.load()
        } throws: { error in
            (error as? MetastoreError)?.message == "\(scratch.catalogPath) has format version 2; this sluice reads 1"
        }
    }

    @Test func theDirectoryAndItsFilesArePrivate() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let store = try DirectoryCatalogStore(path: scratch.path)
        try store.update { $0.databases["default"]?.tables["sales"] = table("sales", password: "s3cret") }
        #expect(mode(scratch.path) == 0o700)
        #expect(mode(scratch.catalogPath) == 0o600)
        #expect(mode(scratch.path + "/catalog.lock") == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["catalog.json", "catalog.lock"])
    }

    @Test func anExistingWiderDirectoryIsNarrowedAndAFileInItsPlaceRefused() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        #expect(chmod(scratch.path, 0o755) == 0)
        _ = try DirectoryCatalogStore(path: scratch.path)
        #expect(mode(scratch.path) == 0o700)
        let file = scratch.root.appendingPathComponent("file").path
        try Data().write(to: URL(fileURLWithPath: file))
        #expect {
            try DirectoryCatalogStore(path: file)
        } throws: { error in
            (error as? MetastoreError)?.message.hasPrefix("cannot create metastore directory \(file)") == true
        }
    }

    @Test func aTemporaryLeftByACrashIsIgnoredAndReplaced() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let store = try DirectoryCatalogStore(path: scratch.path)
        try store.update { $0.databases["default"]?.tables["a"] = table("a") }
        try Data("{ half a catal".utf8).write(to: URL(fileURLWithPath: scratch.path + "/catalog.json.tmp"))
        #expect(try store.load().database("default")?.tables.keys.sorted() == ["a"])
        try store.update { $0.databases["default"]?.tables["b"] = table("b") }
        #expect(try DirectoryCatalogStore(path: scratch.path).load().database("default")?.tables.keys.sorted() == ["a", "b"])
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/catalog.json.tmp"))
    }
}

/// Errors collected from concurrent work.
final class Failures: @unchecked Sendable {
    private var messages: [String] = []
    private let lock = NSLock()

    func record(_ message: String) {
        lock.lock()
        messages.append(message)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return messages
    }
}
