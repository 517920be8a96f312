import Foundation
import SluiceCrypto
import SluiceLogProtocol

/// `sluice generate`: writes a `GeneratorPlan` into a log store, group by group, round-robin over
/// the shards (each group routed by its shard's begin key) or to any shard (`lb`), at a target
/// rate or as fast as possible.
public final class LogGenerator {
    /// How groups are spread over shards.
    public enum Spread: String, Sendable {
        /// Group `n` goes to shard `n mod shards`.
        case roundRobin = "round-robin"
        /// Group `n` goes to the shard owning the MD5 of `n`.
        case hash
    }

    private let client: SLSClient
    private let project: String
    private let store: String
    private let plan: GeneratorPlan
    private let spread: Spread

    /// A generator writing `plan` to `project`/`store` through `client`.
    public init(client: SLSClient, project: String, store: String, plan: GeneratorPlan, spread: Spread) {
        self.client = client
        self.project = project
        self.store = store
        self.plan = plan
        self.spread = spread
    }

    /// Progress so far.
    public struct Progress: Sendable {
        /// Records written.
        public var records: Int
        /// Seconds since the start.
        public var seconds: Double
    }

    /// Writes every group; `rate` (records per second) paces it, nil writes as fast as possible.
    /// Calls `report` about twice a second and at the end.
    /// - Returns: the number of records written.
    @discardableResult
    public func run(rate: Double?, report: (Progress) -> Void) throws(LogStoreError) -> Int {
        let shards = try client.listShards(project: project, store: store)
        guard !shards.isEmpty else { throw LogStoreError("log store \(project)/\(store) has no shards") }
        let started = Date()
        var written = 0
        var lastReport = 0.0
        for number in 0..<plan.groupCount {
            let group = plan.group(number, now: Int64(Date().timeIntervalSince1970))
            let key: String
            switch spread {
            case .roundRobin: key = shards[number % shards.count].inclusiveBeginKey
            case .hash: key = Digest.hex(Digest.md5(Array(String(number).utf8)))
            }
            try client.putLogs(project: project, store: store, group: group, hashKey: key)
            written += group.logs.count
            let elapsed = Date().timeIntervalSince(started)
            if let rate, rate > 0 {
                let due = Double(written) / rate
                if due > elapsed { Thread.sleep(forTimeInterval: due - elapsed) }
            }
            if elapsed - lastReport >= 0.5 {
                lastReport = elapsed
                report(Progress(records: written, seconds: elapsed))
            }
        }
        report(Progress(records: written, seconds: Date().timeIntervalSince(started)))
        return written
    }
}
