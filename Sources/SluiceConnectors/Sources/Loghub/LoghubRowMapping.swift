import SluiceCore
import SluiceLogProtocol
import SluicePlan

/// How a scan's columns map to the logs of a log store (emr-semantics.md §2): system columns
/// from the group and the shard (matched by name, case-insensitively, wherever they are
/// declared), `__sequence_number__` as `<group cursor>-<log index>`, tags as `__tag__<k>__` /
/// `__tag__:<k>`, every other column the log key of the same name. `LogRowDecoder` fills the
/// columns by it.
extension LogRowMapping {
    /// The mapping of a scan's attributes.
    init(attributes: [Attribute]) {
        let fields = attributes.map { attribute -> Field in
            switch attribute.origin {
            case .system:
                switch attribute.name.lowercased() {
                case "__logproject__": return .project
                case "__logstore__": return .store
                case "__shard__": return .shard
                case "__time__": return .time
                case "__topic__": return .topic
                case "__source__": return .source
                case Provider.logStoreSequenceNumber: return .sequenceNumber
                default: return .key(Array(attribute.name.utf8))
                }
            case .tag(let key): return .tag(key)
            case .column, .logKey, .derived: return .key(Array(attribute.name.utf8))
            }
        }
        self.init(types: attributes.map(\.type), fields: fields)
    }
}
