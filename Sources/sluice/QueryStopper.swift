import Dispatch
import Foundation
import SluiceRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// Ends a running query after its current epoch on the first SIGINT or SIGTERM; a second
/// signal during that query, or one while no query runs, exits at once, after `ExitCleanup`
/// (so a local cluster's executors and temporary directory go with it, and a terminal's modes
/// are restored).
final class QueryStopper: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private var runner: QueryRunner?
    private var signals = 0
    private let lock = NSLock()

    init() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in self?.received(signalNumber) }
            source.resume()
            sources.append(source)
        }
    }

    /// Makes `runner` the one whose query a signal stops; its first signal stops it again, not
    /// the process, so that at a prompt each query can be stopped in turn.
    func watch(_ runner: QueryRunner) {
        lock.lock()
        self.runner = runner
        signals = 0
        lock.unlock()
    }

    private func received(_ signalNumber: Int32) {
        lock.lock()
        signals += 1
        let count = signals
        let query = runner?.current
        lock.unlock()
        if count > 1 || query == nil { ExitCleanup.exit(128 + signalNumber) }
        printError("sluice: stopping after the current epoch commits")
        query?.requestStop()
    }
}
