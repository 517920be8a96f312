import SluiceSQL

/// Runs statements read line by line, each as soon as a line ends it with `;`, as `spark-sql`
/// does without -f or -e: from a terminal behind a prompt, going on after an error; from a
/// pipe, stopping at the first error. `quit;`, `exit;` and the end of input (Ctrl-D) end it.
struct StatementShell {
    /// The prompt for a new statement.
    static let prompt = "sluice-sql> "
    /// The prompt for a statement's further lines, ending under the first prompt's `>`.
    static let continuationPrompt = String(repeating: " ", count: prompt.count - 2) + "> "

    /// Runs statements that start on the given line of the input; returns whether all succeeded.
    let execute: (_ text: String, _ firstLine: Int) -> Bool
    /// Whether an error ends the input (a pipe) or the shell goes on (a terminal).
    let stopsAtError: Bool

    /// Reads lines with `read`, which shows the prompt it is given, until the input ends.
    /// - Returns: whether every statement run succeeded.
    func run(read: (_ prompt: String) -> String?) -> Bool {
        var buffer = StatementBuffer()
        var succeeded = true
        while let line = read(buffer.isContinuing ? Self.continuationPrompt : Self.prompt) {
            guard let piece = buffer.append(line: line) else { continue }
            if !execute(piece.text, piece.firstLine) {
                succeeded = false
                if stopsAtError { return false }
            }
            if piece.quits { return succeeded }
        }
        // A pipe's last statement may lack its `;`, as a script's may; at a terminal, Ctrl-D
        // leaves without running what was not ended.
        if stopsAtError, let piece = buffer.finish() { return execute(piece.text, piece.firstLine) }
        return succeeded
    }
}
