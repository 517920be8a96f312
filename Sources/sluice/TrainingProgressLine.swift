import Foundation
import SluiceML

/// The progress line on a terminal: the iteration and the loss, rewritten in place.
final class TrainingProgressLine {
    private let enabled: Bool
    private let maxIterations: Int
    private var shown = false

    init(enabled: Bool, maxIterations: Int) {
        self.enabled = enabled
        self.maxIterations = maxIterations
    }

    func show(_ progress: TrainingProgress) {
        guard enabled else { return }
        let line =
            "\riteration \(progress.iteration)/\(maxIterations)  loss \(progress.objective)  "
            + "gradient norm \(String(format: "%.3g", progress.gradientNorm))\u{1B}[K"
        FileHandle.standardError.write(Data(line.utf8))
        shown = true
    }

    func finish() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\n".utf8))
        shown = false
    }
}
