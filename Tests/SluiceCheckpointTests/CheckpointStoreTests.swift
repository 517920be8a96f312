import Foundation
import SluiceCheckpoint
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `CheckpointStore` on a real directory: files written and read back, damage found, old epochs
/// removed, and the metadata's id.
struct CheckpointStoreTests {
    /// A fresh checkpoint path (not created) and a way to remove it.
    struct Scratch {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-checkpoint-\(UUID().uuidString)")
        var path: String { root.appendingPathComponent("checkpoint").path }
        func file(_ relative: String) -> URL { URL(fileURLWithPath: path).appendingPathComponent(relative) }
        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    /// An offsets entry as the runtime writes one; declared out of key order on purpose.
    struct Entry: Codable, Equatable {
        var source: [String]
        var epoch: Int
        var watermarkMicros: Int64?
    }

    func mode(_ path: String) -> mode_t {
        var status = stat()
        guard stat(path, &status) == 0 else { return 0xFFFF }
        return status.st_mode & 0o7777
    }

    @Test func aNewCheckpointHasItsFourPrivateFolders() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        _ = try CheckpointStore(path: scratch.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["commits", "offsets", "sources", "state"])
        for folder in ["", "/offsets", "/commits", "/state", "/sources"] {
            #expect(mode(scratch.path + folder) == 0o700, "\(folder)")
        }
    }

    @Test func jsonWrittenIsReadBackByAnotherInstanceWithSortedKeys() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let entry = Entry(source: ["a.json", "b.json"], epoch: 3, watermarkMicros: 1_000)
        try CheckpointStore(path: scratch.path).write(entry, to: "offsets/3")
        let reopened = try CheckpointStore(path: scratch.path)
        #expect(try reopened.read(Entry.self, from: "offsets/3") == entry)
        #expect(
            try String(contentsOf: scratch.file("offsets/3"), encoding: .utf8)
                == #"{"epoch":3,"source":["a.json","b.json"],"watermarkMicros":1000}"#)
        #expect(mode(scratch.file("offsets/3").path) == 0o600)
        #expect(try reopened.read(Entry.self, from: "offsets/4") == nil)
    }

    @Test func bytesWrittenAreReadBackAndReplacedWhole() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let store = try CheckpointStore(path: scratch.path)
        let long = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        try store.write(bytes: long, to: "state/0")
        #expect(try store.readBytes(from: "state/0") == long)
        // A shorter file over a longer one leaves nothing of the old one.
        try store.write(bytes: [1, 2, 3], to: "state/0")
        #expect(try store.readBytes(from: "state/0") == [1, 2, 3])
        #expect(mode(scratch.file("state/0").path) == 0o600)
        #expect(try store.readBytes(from: "state/1") == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/state") == ["0"])
    }

    @Test func aJSONFileCutShortIsAnErrorNamingIt() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let store = try CheckpointStore(path: scratch.path)
        try store.write(Entry(source: ["a"], epoch: 2, watermarkMicros: nil), to: "offsets/2")
        let whole = try Data(contentsOf: scratch.file("offsets/2"))
        for length in [0, 1, whole.count / 2, whole.count - 1] {
            try whole.prefix(length).write(to: scratch.file("offsets/2"))
            #expect {
                try store.read(Entry.self, from: "offsets/2")
            } throws: { error in
                (error as? CheckpointError)?.message.hasPrefix("cannot read checkpoint file \(scratch.file("offsets/2").path)") == true
            }
        }
        // Valid JSON of another shape is refused as well.
        try Data(#"{"epoch":"two"}"#.utf8).write(to: scratch.file("offsets/2"))
        #expect(throws: CheckpointError.self) { try store.read(Entry.self, from: "offsets/2") }
    }

    /// What a crash in the middle of a write leaves: a temporary next to the old file. It is not
    /// an epoch, the old file is still read, and the next write of that epoch replaces both.
    @Test func aHalfWrittenTemporaryIsNotAnEpochAndTheOldFileStands() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let store = try CheckpointStore(path: scratch.path)
        let committed = Entry(source: ["a"], epoch: 1, watermarkMicros: nil)
        try store.write(committed, to: "commits/1")
        try Data(#"{"epoch":1,"sou"#.utf8).write(to: scratch.file("commits/.1.tmp"))
        try Data(#"{"epoch":2"#.utf8).write(to: scratch.file("commits/.2.tmp"))
        #expect(store.epochs(in: "commits") == [1])
        #expect(try store.read(Entry.self, from: "commits/1") == committed)
        #expect(!store.exists("commits/2"))
        let second = Entry(source: ["b"], epoch: 2, watermarkMicros: 5)
        try store.write(second, to: "commits/2")
        #expect(try store.read(Entry.self, from: "commits/2") == second)
        #expect(!FileManager.default.fileExists(atPath: scratch.file("commits/.2.tmp").path))
    }

    @Test func epochsAreListedInNumericOrderIgnoringOtherNames() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let store = try CheckpointStore(path: scratch.path)
        for epoch in [10, 2, 0, 100, 9] { try store.write(bytes: [UInt8(epoch)], to: "offsets/\(epoch)") }
        try Data().write(to: scratch.file("offsets/notes"))
        try Data().write(to: scratch.file("offsets/.5.tmp"))
        #expect(store.epochs(in: "offsets") == [0, 2, 9, 10, 100])
        #expect(store.epochs(in: "commits") == [])
        #expect(store.epochs(in: "no-such-folder") == [])
    }

    /// `minBatchesToRetain`'s removal: every folder loses the epochs before the one given, and
    /// nothing else.
    @Test func removingOldEpochsKeepsTheRestAndTheMetadata() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let store = try CheckpointStore(path: scratch.path)
        try store.write(CheckpointMetadata(queryName: "q", plan: "p"), to: "metadata")
        for epoch in 0..<6 {
            try store.write(bytes: [1], to: "offsets/\(epoch)")
            try store.write(bytes: [2], to: "state/\(epoch)")
            try store.write(bytes: [3], to: "commits/\(epoch)")
        }
        try store.write(bytes: [1], to: "offsets/6")
        store.removeEpochs(before: 4)
        #expect(store.epochs(in: "offsets") == [4, 5, 6])
        #expect(store.epochs(in: "state") == [4, 5])
        #expect(store.epochs(in: "commits") == [4, 5])
        #expect(store.exists("metadata"))
        store.removeEpochs(before: 0)
        #expect(store.epochs(in: "offsets") == [4, 5, 6])
        store.removeEpochs(before: 100)
        #expect(store.epochs(in: "offsets") + store.epochs(in: "state") + store.epochs(in: "commits") == [])
        #expect(store.exists("metadata"))
    }

    /// Epochs 0–9 each write offsets, state and commit, then the next epoch's offsets, as a
    /// query does; with 3 retained, the files of epochs 7–9 are left (and offsets/10).
    @Test func retentionKeepsTheLatestEpochsAsTheyAreWritten() throws {
        for (count, kept) in [(3, [7, 8, 9]), (1, [9]), (0, [9]), (20, Array(0...9))] {
            let scratch = Scratch()
            defer { scratch.remove() }
            let store = try CheckpointStore(path: scratch.path)
            try store.write(bytes: [0], to: "offsets/0")
            for epoch in 0..<10 {
                try store.write(bytes: [1], to: "state/\(epoch)")
                try store.write(bytes: [2], to: "commits/\(epoch)")
                store.retain(epochs: count, through: epoch)
                try store.write(bytes: [0], to: "offsets/\(epoch + 1)")
            }
            #expect(store.epochs(in: "state") == kept, "retaining \(count)")
            #expect(store.epochs(in: "commits") == kept, "retaining \(count)")
            #expect(store.epochs(in: "offsets") == kept + [10], "retaining \(count)")
        }
    }

    @Test func removeTakesOneFileAndIgnoresAMissingOne() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let store = try CheckpointStore(path: scratch.path)
        try store.write(bytes: [1], to: "offsets/0")
        try store.write(bytes: [1], to: "offsets/1")
        try store.remove("offsets/0")
        try store.remove("offsets/7")
        #expect(store.epochs(in: "offsets") == [1])
        #expect(!store.exists("offsets/0") && store.exists("offsets/1"))
    }

    @Test func aFileWhereTheCheckpointShouldBeIsAnError() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(at: scratch.root, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: scratch.path))
        #expect {
            try CheckpointStore(path: scratch.path)
        } throws: { error in
            (error as? CheckpointError)?.message.hasPrefix("cannot create checkpoint directory \(scratch.path)") == true
        }
    }

    @Test func anExistingWiderCheckpointIsNarrowed() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.path + "/state", withIntermediateDirectories: true)
        #expect(chmod(scratch.path, 0o755) == 0 && chmod(scratch.path + "/state", 0o777) == 0)
        _ = try CheckpointStore(path: scratch.path)
        #expect(mode(scratch.path) == 0o700)
        #expect(mode(scratch.path + "/state") == 0o700)
    }

    @Test func aNewCheckpointGetsAFreshLowerCaseUUIDAndTheCurrentVersion() throws {
        let first = CheckpointMetadata(queryName: "q", plan: "p")
        let second = CheckpointMetadata(queryName: "q", plan: "p")
        let id = try #require(first.id)
        #expect(UUID(uuidString: id) != nil)
        #expect(id == id.lowercased() && id.count == 36)
        #expect(first.id != second.id)
        #expect(first.queryID == id)
        #expect(first.version == 2 && first.framesState)
    }

    @Test func metadataRoundTripsThroughTheStore() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let metadata = CheckpointMetadata(queryName: "accuracy", plan: "mode update\n+- Aggregate")
        try CheckpointStore(path: scratch.path).write(metadata, to: "metadata")
        #expect(try CheckpointStore(path: scratch.path).read(CheckpointMetadata.self, from: "metadata") == metadata)
    }

    /// Checkpoints written before ids and versions: their query name is their id, so markers
    /// already in the sink still count, and their state files are not framed.
    @Test func metadataOfAnEarlierVersionUsesTheQueryNameAsItsID() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let store = try CheckpointStore(path: scratch.path)
        try Data(#"{"plan":"p","queryName":"insert_out"}"#.utf8).write(to: scratch.file("metadata"))
        let metadata = try #require(try store.read(CheckpointMetadata.self, from: "metadata"))
        #expect(metadata.id == nil && metadata.version == nil)
        #expect(metadata.queryID == "insert_out")
        #expect(!metadata.framesState)
        try Data(#"{"plan":"p","queryName":"q","version":1}"#.utf8).write(to: scratch.file("metadata"))
        #expect(try store.read(CheckpointMetadata.self, from: "metadata")?.framesState == false)
    }

    /// A state file damaged on disk is read as it is; its frame shows the damage.
    @Test func aStateFileCutOnDiskIsFoundByItsFrame() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let store = try CheckpointStore(path: scratch.path)
        let body = Array("SAS1 state of epoch 4".utf8)
        try store.write(bytes: StateFile.frame(body, epoch: 4), to: "state/4")
        #expect(StateFile.unframe(try #require(try store.readBytes(from: "state/4")), epoch: 4) == .valid(body))
        let handle = try FileHandle(forWritingTo: scratch.file("state/4"))
        try handle.truncate(atOffset: 30)
        try handle.close()
        let cut = try #require(try store.readBytes(from: "state/4"))
        #expect(cut.count == 30)
        guard case .damaged(let reason) = StateFile.unframe(cut, epoch: 4) else {
            Issue.record("a cut state file was trusted")
            return
        }
        #expect(reason == "the header says \(body.count) bytes of state but the file holds 6")
    }

    /// Commits go by the unsynced path (only they): still replaced whole, private, and no
    /// temporary file left beside them.
    @Test func commitsAreReplacedWholeWithoutATemporaryLeft() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        #expect(CheckpointStore.unsyncedFolders == ["commits"])
        let store = try CheckpointStore(path: scratch.path)
        try store.write(Entry(source: ["a.json", "b.json", "c.json"], epoch: 5, watermarkMicros: 7), to: "commits/5")
        let shorter = Entry(source: ["a.json"], epoch: 5, watermarkMicros: nil)
        try store.write(shorter, to: "commits/5")
        #expect(try CheckpointStore(path: scratch.path).read(Entry.self, from: "commits/5") == shorter)
        #expect(mode(scratch.file("commits/5").path) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/commits") == ["5"])
    }
}
