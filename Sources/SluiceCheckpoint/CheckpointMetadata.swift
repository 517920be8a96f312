import Foundation

/// The checkpoint's `metadata` file: which query wrote it and under which id its epochs are
/// committed to sinks.
public struct CheckpointMetadata: Codable, Equatable, Sendable {
    /// The format written now: framed state files, commits that record their offsets.
    public static let currentVersion = 2

    /// The query's name when the checkpoint was created.
    public var queryName: String
    /// The query's plan, compared on every start.
    public var plan: String
    /// The id sinks key this checkpoint's epochs by, created with the checkpoint (as Spark's query
    /// id); nil in checkpoints written before ids existed.
    public var id: String?
    /// The checkpoint's format; nil in checkpoints written before versions existed.
    public var version: Int?

    /// The metadata of a new checkpoint, with a new id.
    public init(queryName: String, plan: String) {
        self.queryName = queryName
        self.plan = plan
        self.id = UUID().uuidString.lowercased()
        self.version = Self.currentVersion
    }

    /// The id this checkpoint's epochs are committed under: its own, or for a checkpoint written
    /// before ids existed, its query name, so its existing markers still count.
    public var queryID: String { id ?? queryName }

    /// Whether every state file must be framed (written by this version or later).
    public var framesState: Bool { (version ?? 1) >= 2 }
}
