/// Header fields in the order they were sent or added. Names compare ignoring ASCII case; a name
/// may appear more than once.
public struct HTTPHeaders: Sendable, Sequence, Equatable, ExpressibleByDictionaryLiteral {
    /// One header field.
    public typealias Element = (name: String, value: String)

    private var fields: [Element]

    /// No fields.
    public init() {
        fields = []
    }

    /// The given fields, in order.
    public init(_ fields: [(name: String, value: String)]) {
        self.fields = fields
    }

    /// The given fields, in order: `["Content-Type": "application/json"]`.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The value of the first field called `name` (any case), or nil.
    public subscript(name: String) -> String? {
        fields.first(where: { ASCII.equalsIgnoringCase($0.name, name) })?.value
    }

    /// The values of all fields called `name` (any case), in order.
    public func values(for name: String) -> [String] {
        fields.filter { ASCII.equalsIgnoringCase($0.name, name) }.map { $0.value }
    }

    /// Whether a field called `name` (any case) is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { ASCII.equalsIgnoringCase($0.name, name) }
    }

    /// Appends a field, keeping any others of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    /// Replaces all fields called `name` (any case) by one with `value`, where the first of them
    /// was (or at the end).
    public mutating func set(_ name: String, _ value: String) {
        if let first = fields.firstIndex(where: { ASCII.equalsIgnoringCase($0.name, name) }) {
            fields[first] = (name: name, value: value)
            var index = fields.index(after: first)
            while index < fields.endIndex {
                if ASCII.equalsIgnoringCase(fields[index].name, name) {
                    fields.remove(at: index)
                } else {
                    index += 1
                }
            }
        } else {
            fields.append((name: name, value: value))
        }
    }

    /// Removes all fields called `name` (any case).
    public mutating func remove(_ name: String) {
        fields.removeAll { ASCII.equalsIgnoringCase($0.name, name) }
    }

    /// How many fields there are.
    public var count: Int { fields.count }

    /// Whether there are no fields.
    public var isEmpty: Bool { fields.isEmpty }

    /// The fields in order.
    public func makeIterator() -> IndexingIterator<[Element]> {
        fields.makeIterator()
    }

    /// Same fields, same order, names compared exactly.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    /// Whether a field called `name` lists `token` (any case) among its comma-separated values,
    /// as in `Connection: keep-alive, close`.
    func containsToken(_ token: String, inField name: String) -> Bool {
        fields.contains { field in
            ASCII.equalsIgnoringCase(field.name, name)
                && field.value.split(separator: ",").contains { ASCII.equalsIgnoringCase(ASCII.trimmed($0), token) }
        }
    }
}
