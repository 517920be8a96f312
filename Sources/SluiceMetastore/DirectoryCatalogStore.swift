import Foundation
import SluiceFiles
import SluicePlan
import SluiceSystem

#if canImport(Glibc)
    import Glibc
#endif

/// A catalog kept as `catalog.json` in a metastore directory.
///
/// Each change takes an exclusive `flock` on `catalog.lock`, reloads the file, applies the
/// change and replaces the file atomically (write a temporary file, fsync, rename, fsync the
/// directory), so concurrent `sluice sql` runs serialize and a crash leaves the old or the
/// new catalog, never a torn one. The catalog holds table options, secrets among them (a
/// sink's password, a log store's access key): the directory is created with mode 0700 (an
/// existing one of this user's is narrowed to it) and its files with 0600.
public final class DirectoryCatalogStore: CatalogStore {
    /// The metastore directory.
    public let directory: URL
    private var catalogFile: URL { directory.appendingPathComponent("catalog.json") }
    private var lockFile: URL { directory.appendingPathComponent("catalog.lock") }

    /// Opens (creating if needed) the metastore at `path`.
    /// - Throws: `MetastoreError` when the directory cannot be created.
    public init(path: String) throws {
        directory = URL(fileURLWithPath: path, isDirectory: true)
        do {
            try DurableFile.makePrivateDirectory(directory.path)
        } catch {
            throw MetastoreError("cannot create metastore directory \(path): \(error.message)")
        }
    }

    /// The stored catalog, or a fresh one when none is stored.
    /// - Throws: `MetastoreError` when the file is unreadable or not a catalog.
    public func load() throws -> Catalog {
        try withLock(exclusive: false) { try read() }
    }

    /// Applies `change` under the lock and stores the result; nothing is stored if `change` throws.
    public func update<T>(_ change: (inout Catalog) throws -> T) throws -> T {
        try withLock(exclusive: true) {
            var catalog = try read()
            let before = catalog
            let result = try change(&catalog)
            if catalog != before { try write(catalog) }
            return result
        }
    }

    private func read() throws -> Catalog {
        guard FileManager.default.fileExists(atPath: catalogFile.path) else { return Catalog() }
        do {
            let data = try Data(contentsOf: catalogFile)
            let catalog = try JSONDecoder().decode(Catalog.self, from: data)
            guard catalog.formatVersion == 1 else {
                throw MetastoreError("\(catalogFile.path) has format version \(catalog.formatVersion); this sluice reads 1")
            }
            return catalog
        } catch let error as MetastoreError {
            throw error
        } catch {
            throw MetastoreError("cannot read metastore \(catalogFile.path): \(error)")
        }
    }

    private func write(_ catalog: Catalog) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let temporary = directory.appendingPathComponent("catalog.json.tmp")
        let data: Data
        do {
            data = try encoder.encode(catalog)
        } catch {
            throw MetastoreError("cannot encode the metastore: \(error)")
        }
        do {
            try DurableFile.replace(catalogFile, with: data, via: temporary)
        } catch {
            throw MetastoreError("cannot write metastore \(catalogFile.path): \(error.message)")
        }
    }

    private func withLock<T>(exclusive: Bool, _ body: () throws -> T) throws -> T {
        let descriptor: Int32
        do throws(SystemCallError) {
            descriptor = try SystemCall.open(lockFile.path, O_RDWR | O_CREAT, mode: DurableFile.fileMode)
            do {
                try SystemCall.lock(descriptor, exclusive: exclusive, path: lockFile.path)
            } catch {
                close(descriptor)
                throw error
            }
        } catch {
            throw MetastoreError(error.description)
        }
        defer { close(descriptor) }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
