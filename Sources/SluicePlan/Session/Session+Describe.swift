import SluiceCore
import SluiceSQL

extension Session {
    /// `DESC t`: Spark's `name<TAB>type<TAB>comment` lines, then notes where the columns are open.
    func describeTable(_ name: QualifiedName, extended: Bool) throws -> [Output] {
        let binder = Binder(catalog: try store.load(), session: state)
        let table = try binder.table(name)
        guard let provider = Provider.all[table.provider] else {
            throw PlanError(.unknownProvider, "table \(table.qualifiedName) has unknown provider \(table.provider)", at: name.span)
        }
        let columns = Schema(binder.fixedColumns(of: table, provider: provider).map(\.0))
        var lines = columns.describeLines
        if case .declaredOrFromSink = provider.schemaRule, table.declaredColumns.isEmpty, let sinkCatalog {
            return try describeSink(table, sinkCatalog, extended: extended, at: name.span)
        }
        switch provider.schemaRule {
        case .logStore where table.declaredColumns.isEmpty:
            if let sourceCatalog {
                do {
                    let known = Set(columns.columns.map(\.name))
                    for name in try sourceCatalog.sampledColumns(of: table) where !known.contains(name) {
                        lines.append(Schema([Column(name: name, type: .string)]).describeLines[0])
                    }
                } catch {
                    lines.append("# no sample of the store's keys: \(error)")
                }
            }
            lines.append("# other columns bind on demand as string log keys; tags as __tag__<key>__ or __tag__:<key>")
        case .declaredOrFromSink where table.declaredColumns.isEmpty:
            lines.append("# columns come from the database table at run time; no database driver is available yet to read them")
            if !extended { lines += optionLines(table) }
        case .any where table.declaredColumns.isEmpty:
            lines.append("# the sink takes the columns of the query written to it")
        default:
            break
        }
        if extended {
            lines += ["", "# Detailed Table Information", "Database\t\(table.database)", "Table\t\(table.name)",
                      "Provider\t\(table.provider)"]
            if let comment = table.comment { lines.append("Comment\t\(comment)") }
            lines += optionLines(table)
        }
        return lines.map { .row($0) }
    }

    /// `DESC` of a `jdbc2` table without declared columns: the database table's own columns.
    private func describeSink(
        _ table: TableDefinition, _ catalog: SinkCatalog, extended: Bool, at span: SourceSpan
    ) throws -> [Output] {
        let known: SinkColumns
        do {
            known = try catalog.columns(of: table)
        } catch {
            throw PlanError(.invalidOption, "cannot read the columns of \(table.qualifiedName): \(error)", at: span)
        }
        var lines: [String]
        var showOptions = extended
        switch known {
        case .columns(let columns):
            lines = Schema(columns).describeLines
        case .tableMissing:
            lines = ["# the database table \(table.option("dbtable") ?? "") does not exist yet; "
                + "the first write creates it from the query's columns"]
            showOptions = true
        case .unavailable(let reason):
            lines = ["# columns come from the database table at run time; \(reason)"]
            showOptions = true
        }
        if showOptions {
            lines += ["", "# Detailed Table Information", "Database\t\(table.database)", "Table\t\(table.name)",
                      "Provider\t\(table.provider)"]
            lines += optionLines(table)
        }
        return lines.map { .row($0) }
    }

    private func optionLines(_ table: TableDefinition) -> [String] {
        ["# Options"] + table.options.map { "\($0.key)\t\(Redaction.display($0.key, $0.value))" }
    }
}
