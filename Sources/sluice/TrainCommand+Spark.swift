import Foundation
import SluiceML

#if canImport(Glibc)
    import Glibc
#endif

extension TrainCommand {
    /// Reads the input and trains; exits with a message on bad data. `binaryOnly` names the format
    /// that holds binary models only, when the output is one: labels above 1 are then refused
    /// (unless the family is binomial, which refuses them itself).
    func trainFit(binaryOnly: String?) -> (TrainingData, LogisticRegressionFit) {
        guard let bytes = FileManager.default.contents(atPath: input) else {
            fail("cannot read \(input)")
        }
        let progress = TrainingProgressLine(enabled: !quiet && isatty(STDERR_FILENO) != 0, maxIterations: maxIter)
        do {
            let data = try TrainingData(libsvm: Array(bytes))
            if let format = binaryOnly, parameters.family != .binomial,
                let row = data.labels.firstIndex(where: { $0 > 1 && $0.rounded(.towardZero) == $0 })
            {
                fail(
                    "\(input): line \(data.lines[row]) has the label \(data.labels[row]): \(format) holds "
                        + "binary models (labels 0 and 1)")
            }
            let fit = try LogisticRegressionTrainer.train(data, parameters) { progress.show($0) }
            progress.finish()
            return (data, fit)
        } catch {
            progress.finish()
            if error.kind == .badTrainingData { fail("\(input): \(error.message)") }
            fail(error.message)
        }
    }

    /// `--format spark-ml` or `spark-mllib`: the model directory, written beside OUTPUT and
    /// renamed into place.
    func runSpark() throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: output, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue {
            fail("\(output) is a file, not a directory (Spark's models are directories)")
        }
        if exists && !overwrite, let contents = try? manager.contentsOfDirectory(atPath: output), !contents.isEmpty {
            fail("\(output) is not empty; pass --overwrite to replace it")
        }
        let isMLlib = format == "spark-mllib"
        let (data, fit) = trainFit(binaryOnly: isMLlib ? "Spark MLlib's LogisticRegressionModel" : nil)
        let files: SparkModelFiles
        do {
            if isMLlib {
                files = try SparkModelWriter.mllib(fit, threshold: threshold)
            } else {
                let uid = "LogisticRegression_" + UUID().uuidString.lowercased().filter { $0 != "-" }.prefix(12)
                files = try SparkModelWriter.ml(
                    fit, parameters, threshold: threshold, uid: uid,
                    timestamp: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
            }
        } catch {
            fail(error.message)
        }
        do {
            try writeSparkDirectory(files)
        } catch {
            fail("cannot write \(output): \(error.localizedDescription)")
        }
        let objective = fit.objectiveHistory.last ?? .nan
        print(
            "trained on \(data.count) rows of \(data.numFeatures) features: \(fit.iterations) iterations "
                + "(\(fit.convergence.rawValue)), loss \(objective); \(format) model written to \(output)")
    }

    /// Writes `metadata/` and `data/` (each with its part file and `_SUCCESS`) into a temporary
    /// directory beside OUTPUT, then renames it to OUTPUT (an old OUTPUT is moved aside first and
    /// removed after), so that a reader sees the old model or the new one, never a part.
    private func writeSparkDirectory(_ files: SparkModelFiles) throws {
        let manager = FileManager.default
        let trimmed = output.hasSuffix("/") && output.count > 1 ? String(output.dropLast()) : output
        let parent = (trimmed as NSString).deletingLastPathComponent
        let name = (trimmed as NSString).lastPathComponent
        let base = parent.isEmpty ? "." : parent
        try manager.createDirectory(atPath: base, withIntermediateDirectories: true)
        let temporary = "\(base)/.\(name).\(getpid()).tmp"
        let aside = "\(base)/.\(name).\(getpid()).old"
        try? manager.removeItem(atPath: temporary)
        do {
            let id = UUID().uuidString.lowercased()
            for (directory, file, bytes) in [
                ("metadata", "part-00000-\(id)-c000.txt", files.metadata),
                ("data", "part-00000-\(id)-c000.parquet", files.data),
            ] {
                let path = "\(temporary)/\(directory)"
                try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
                try Data(bytes).write(to: URL(fileURLWithPath: "\(path)/\(file)"))
                try Data().write(to: URL(fileURLWithPath: "\(path)/_SUCCESS"))
            }
            var movedAside = false
            if manager.fileExists(atPath: trimmed) {
                guard rename(trimmed, aside) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                movedAside = true
            }
            guard rename(temporary, trimmed) == 0 else {
                let code = POSIXErrorCode(rawValue: errno) ?? .EIO
                if movedAside { _ = rename(aside, trimmed) }
                throw POSIXError(code)
            }
            if movedAside { try? manager.removeItem(atPath: aside) }
        } catch {
            try? manager.removeItem(atPath: temporary)
            throw error
        }
    }
}
