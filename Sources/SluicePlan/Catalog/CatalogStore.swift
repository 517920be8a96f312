import Synchronization

/// Where a catalog is kept between runs.
///
/// The session changes a catalog one statement at a time through `update`, so a store can
/// lock, reload, apply and save: two `sluice sql` runs on one metastore never lose each
/// other's statements, and a statement that fails leaves the stored catalog as it was.
public protocol CatalogStore: Sendable {
    /// The stored catalog (a fresh one when nothing is stored yet).
    func load() throws -> Catalog
    /// Applies `change` to the stored catalog and stores the result, atomically.
    /// - Throws: whatever `change` throws (nothing is stored then), or a storage error.
    func update<T>(_ change: (inout Catalog) throws -> T) throws -> T
}

/// A catalog kept in memory, for tests and for `submit`, where a script runs on a fresh catalog.
public final class InMemoryCatalogStore: CatalogStore {
    private let catalog: Mutex<Catalog>

    /// Creates a store holding `catalog`.
    public init(_ catalog: Catalog = Catalog()) {
        self.catalog = Mutex(catalog)
    }

    /// The held catalog.
    public func load() -> Catalog {
        catalog.withLock { $0 }
    }

    /// Applies `change` to a copy and keeps the copy only if `change` does not throw.
    public func update<T>(_ change: (inout Catalog) throws -> T) throws -> T {
        try catalog.withLock { (stored: inout Catalog) throws -> T in
            var copy = stored
            let result = try change(&copy)
            stored = copy
            return result
        }
    }
}
