import SluiceCore
import SluiceSQL

/// The columns a `SELECT` can name: its relation's output, and on a log-store table without
/// declared columns, any log key or tag, which becomes a nullable string column on first use.
final class Scope {
    /// The names the relation can be qualified with (alias, or table and `db.table`), lower-cased.
    let qualifiers: Set<String>
    /// The qualifier attributes carry.
    let qualifier: String?
    /// The relation's fixed output.
    private(set) var attributes: [Attribute]
    /// Whether unknown names bind as log keys.
    let readsKeysOnDemand: Bool
    /// Log keys and tags bound so far, in order of first use.
    private(set) var onDemand: [Attribute] = []
    private let ids: IDGenerator

    init(attributes: [Attribute], qualifiers: Set<String>, qualifier: String?, readsKeysOnDemand: Bool, ids: IDGenerator) {
        self.attributes = attributes
        self.qualifiers = qualifiers
        self.qualifier = qualifier
        self.readsKeysOnDemand = readsKeysOnDemand
        self.ids = ids
    }

    /// Every attribute a scan of this scope produces.
    var allAttributes: [Attribute] { attributes + onDemand }

    /// The fixed or already bound attribute named `name`.
    func attribute(named name: String) -> Attribute? {
        let lower = name.lowercased()
        return allAttributes.first { $0.name.lowercased() == lower }
    }

    /// Whether `name` qualifies this scope's columns.
    func isQualifier(_ name: String) -> Bool {
        qualifiers.contains(name.lowercased())
    }

    /// The attribute for log key or tag `name`, created on first use.
    func onDemandAttribute(named name: String) -> Attribute {
        if let existing = attribute(named: name) { return existing }
        let attribute = Attribute(
            id: ids.next(), name: name, type: .string, nullable: true, qualifier: qualifier,
            origin: name.lowercased() == Provider.logStoreSequenceNumber
                ? .system : Scope.tagKey(of: name).map { .tag($0) } ?? .logKey)
        onDemand.append(attribute)
        return attribute
    }

    /// The tag a column name refers to: `__tag__hostname__` → `__hostname__`, `__tag__:__path__` → `__path__`.
    static func tagKey(of name: String) -> String? {
        if name.hasPrefix("__tag__:"), name.count > "__tag__:".count { return String(name.dropFirst("__tag__:".count)) }
        if name.hasPrefix("__tag__"), name.hasSuffix("__"), name.count > "__tag____".count {
            let inner = name.dropFirst("__tag__".count).dropLast(2)
            return "__\(inner)__"
        }
        return nil
    }

    /// The names listed when a column is not found.
    var availableNames: [String] { allAttributes.map(\.name) }
}

/// Hands out attribute ids, unique within one bound statement.
final class IDGenerator {
    private var last = 0

    func next() -> Int {
        last += 1
        return last
    }
}
