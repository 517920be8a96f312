import SluiceCore
import SluicePlan
import SluiceSQL

/// Runs a script statement by statement, as `spark-sql -f` does: each statement is parsed,
/// bound and executed before the next is read; the first error stops the script.
public struct ScriptRunner {
    /// One thing the run prints.
    public enum Event: Equatable, Sendable {
        /// A result line, for stdout.
        case row(String)
        /// A warning, for stderr.
        case warning(String)
        /// The error that stopped the script, rendered with file, line, column and caret, for stderr.
        case error(String)
    }

    let session: Session
    let trigger: Trigger
    let models: ModelRegistry
    /// Called with the runner of each query as it starts, so a signal handler can stop it.
    let onQuery: (QueryRunner) -> Void
    /// Where queries over log stores run their tasks; nil runs them in this process.
    let clusterTasks: TaskRunnerFactory?

    /// Creates a runner over `session`; queries run with `trigger` unless the script sets one.
    public init(
        session: Session, trigger: Trigger = .defaultTrigger, models: ModelRegistry = .shared,
        clusterTasks: TaskRunnerFactory? = nil, onQuery: @escaping (QueryRunner) -> Void = { _ in }
    ) {
        self.session = session
        self.trigger = trigger
        self.models = models
        self.clusterTasks = clusterTasks
        self.onQuery = onQuery
    }

    /// Runs `text` (named `name` in messages) with `variables` for `${name}`, passing each event
    /// to `emit` as it happens. Messages number the text's first line `firstLine`: a piece of a
    /// longer input (a terminal's or a pipe's statements, run as each completes) keeps the
    /// input's line numbers.
    /// - Returns: whether every statement succeeded.
    @discardableResult
    public func run(
        text: String, name: String, variables: [String: String], firstLine: Int = 1, emit: @escaping (Event) -> Void
    ) -> Bool {
        if text.utf8.count > Limits.scriptBytesMax {
            emit(.error("\(name): error: script is larger than \(Limits.scriptBytesMax) bytes"))
            return false
        }
        let source: SourceText
        let statements: [StatementText]
        do {
            source = try VariableSubstitution.apply(to: text, name: name, variables: variables, firstLine: firstLine)
            statements = try ScriptSplitter.split(source.text)
        } catch {
            let written = SourceText(name: name, text: text, firstLine: firstLine)
            emit(.error(written.render(message: error.message, at: error.span)))
            return false
        }
        for text in statements {
            do {
                let statement = try Parser.parseStatement(text)
                if case .insert = statement.kind {
                    try runQuery(statement, emit: emit)
                    continue
                }
                if case .query = statement.kind {
                    try runQuery(statement, emit: emit)
                    continue
                }
                for output in try session.execute(statement) {
                    switch output {
                    case .row(let line): emit(.row(line))
                    case .warning(let message): emit(.warning(render(warning: message, at: statement.span, in: source)))
                    }
                }
            } catch let error as LocatedError {
                emit(.error(source.render(message: error.message, at: error.span)))
                return false
            } catch {
                emit(.error("\(name): error: \(error)"))
                return false
            }
        }
        return true
    }

    private func runQuery(_ statement: Statement, emit: @escaping (Event) -> Void) throws {
        let runner = QueryRunner(
            options: QueryRunner.Options(
                trigger: trigger, emit: { emit(.row($0)) }, log: { emit(.warning($0)) }, clusterTasks: clusterTasks),
            models: models)
        onQuery(runner)
        try runner.run(statement, session: session)
    }

    private func render(warning: String, at span: SourceSpan, in source: SourceText) -> String {
        let location = source.location(of: span.start)
        return "\(source.name):\(location.line):\(location.column): warning: \(warning)"
    }
}
