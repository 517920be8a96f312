import SluiceLogClient
import SluiceSystem

/// The log store's system calls: `SluiceSystem`'s checked calls, their failures as the
/// `LogStoreError` a client sees (an internal server error naming the file and the reason).
enum StorageCall {
    /// An error for the current `errno`.
    static func error(_ what: String) -> LogStoreError {
        LogStoreError(SystemCall.failure(what))
    }

    /// Runs `body`, its failure as a `LogStoreError`.
    @discardableResult
    static func run<Value>(_ body: () throws(SystemCallError) -> Value) throws(LogStoreError) -> Value {
        do {
            return try body()
        } catch {
            throw LogStoreError(error)
        }
    }

    /// Flushes the directory at `path` (after creating or removing a file in it).
    static func syncDirectory(_ path: String) throws(LogStoreError) {
        try run { () throws(SystemCallError) in try SystemCall.sync(path: path) }
    }
}

extension LogStoreError {
    /// A failed system call of the storage, as an internal server error.
    init(_ failure: SystemCallError) {
        self.init(failure.description, code: "InternalServerError", status: 500)
    }
}
