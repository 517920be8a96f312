import Foundation
import SluiceFiles

/// A checkpoint directory, laid out as Spark's:
///
///     metadata            the query's name and plan (its fingerprint)
///     offsets/<epoch>     what the epoch reads, written before it runs
///     commits/<epoch>     written after the sink committed the epoch
///     state/<epoch>       the aggregate state after the epoch
///     sources/0           where the source started, written before the first epoch is planned
///
/// Every file is written to a temporary name, fsynced, renamed and the directory fsynced, so
/// a crash leaves the old file or the new one; except `commits/<epoch>` (`unsyncedFolders`),
/// written to a temporary name and renamed without the fsyncs. An epoch writes `state/<epoch>`,
/// synced, before its commit, and that state file proves the epoch committed as the commit
/// does (`CheckpointRecovery`), so a commit lost or cut short by a crash of the machine is
/// written again on the next start: an fsync that costs an epoch's commit several ms (more
/// when other writes fill the disk's queue) and secures nothing.
public final class CheckpointStore {
    /// Folders whose files are rebuilt from synced files when a crash of the machine loses or
    /// cuts them, so they are written without fsyncs.
    public static let unsyncedFolders: Set<String> = ["commits"]

    /// The directory.
    public let directory: URL

    /// Opens (creating if needed) the checkpoint at `path`.
    /// - Throws: `CheckpointError` when it cannot be created.
    public init(path: String) throws {
        directory = URL(fileURLWithPath: path, isDirectory: true)
        // Private folders (mode 0700): the checkpoint's metadata holds the query's options.
        for folder in ["", "offsets", "commits", "state", "sources"] {
            do {
                try DurableFile.makePrivateDirectory(
                    folder.isEmpty ? directory.path : directory.appendingPathComponent(folder).path)
            } catch {
                throw CheckpointError("cannot create checkpoint directory \(path): \(error.message)")
            }
        }
    }

    /// Writes `value` as JSON at `relative`, durably.
    public func write<T: Encodable>(_ value: T, to relative: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw CheckpointError("cannot encode \(directory.appendingPathComponent(relative).path): \(error)")
        }
        try write(data, to: relative)
    }

    /// Writes `bytes` at `relative`, durably.
    public func write(bytes: [UInt8], to relative: String) throws {
        try write(Data(bytes), to: relative)
    }

    /// The bytes at `relative`, or `nil` when there is no such file.
    public func readBytes(from relative: String) throws -> [UInt8]? {
        let url = directory.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw CheckpointError("cannot read checkpoint file \(url.path): \(error.localizedDescription)")
        }
    }

    private func write(_ data: Data, to relative: String) throws {
        let target = directory.appendingPathComponent(relative)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tmp")
        let folder = relative.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        do {
            if relative.contains("/"), Self.unsyncedFolders.contains(folder) {
                try DurableFile.replaceUnsynced(target, with: data, via: temporary)
            } else {
                try DurableFile.replace(target, with: data, via: temporary)
            }
        } catch {
            throw CheckpointError("cannot write \(target.path): \(error.message)")
        }
    }

    /// Reads the JSON at `relative`, or `nil` when there is no such file.
    public func read<T: Decodable>(_ type: T.Type, from relative: String) throws -> T? {
        let url = directory.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(type, from: Data(contentsOf: url))
        } catch {
            throw CheckpointError("cannot read checkpoint file \(url.path): \(error)")
        }
    }

    /// Whether a file exists at `relative`.
    public func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(relative).path)
    }

    /// Removes the file at `relative`, if any.
    /// - Throws: `CheckpointError` when it exists and cannot be removed.
    public func remove(_ relative: String) throws {
        let url = directory.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        do {
            try FileManager.default.removeItem(at: url)
        } catch {
            throw CheckpointError("cannot remove \(url.path): \(error.localizedDescription)")
        }
    }

    /// The epochs that have a file in `folder`, ascending.
    public func epochs(in folder: String) -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(folder).path)) ?? []
        return names.compactMap(Int.init).sorted()
    }

    /// Keeps the files of the `count` latest epochs up to `epoch` (Spark's `minBatchesToRetain`;
    /// at least one, so the last commit's state stays) and removes those of older epochs.
    public func retain(epochs count: Int, through epoch: Int) {
        removeEpochs(before: epoch - max(1, count) + 1)
    }

    /// Removes files of epochs before `epoch` in every folder.
    public func removeEpochs(before epoch: Int) {
        for folder in ["offsets", "commits", "state"] {
            for old in epochs(in: folder) where old < epoch {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent("\(folder)/\(old)"))
            }
        }
    }
}
