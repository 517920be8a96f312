import SluiceCore

/// Where an expression is bound: which names it sees and whether aggregates may appear.
struct ExpressionContext {
    /// The relation's columns.
    var scope: Scope
    /// Group keys visible by name in the select list (the `window` of `TUMBLING`).
    var groupKeyNames: [Attribute] = []
    /// Whether aggregate calls may appear.
    var aggregatesAllowed: Bool
    /// Whether binding is inside an aggregate's arguments.
    var insideAggregate = false
    /// The clause being bound, for messages (`WHERE`, `GROUP BY`, …).
    var clause: String
}
