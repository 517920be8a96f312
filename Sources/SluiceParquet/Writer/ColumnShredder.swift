/// A node of the schema being written, with the levels Dremel's striping gives it.
struct WriteNode {
    let name: String
    let repetition: ParquetRepetition
    /// The physical type of a leaf; `nil` for a group.
    let type: ParquetPhysicalType?
    let signedBits: Int8?
    let isList: Bool
    var children: [WriteNode]
    /// The definition level of the node when present, and its repetition level.
    let definitionLevel: Int
    let repetitionLevel: Int
    /// The leaf columns under the node (the node's own index for a leaf), in schema order.
    var columns: Range<Int> = 0..<0

    /// The tree of `field`, under a parent at levels `definition` and `repetition`; leaves are
    /// numbered from `nextColumn` on.
    init(_ field: ParquetField, definition: Int, repetition: Int, nextColumn: inout Int) {
        name = field.name
        self.repetition = field.repetition
        definitionLevel = definition + (field.repetition == .required ? 0 : 1)
        repetitionLevel = repetition + (field.repetition == .repeated ? 1 : 0)
        let first = nextColumn
        switch field.content {
        case .primitive(let type, let bits):
            self.type = type
            signedBits = bits
            isList = false
            children = []
            nextColumn += 1
        case .group(let fields):
            type = nil
            signedBits = nil
            isList = false
            var built: [WriteNode] = []
            for child in fields {
                built.append(
                    WriteNode(child, definition: definitionLevel, repetition: repetitionLevel, nextColumn: &nextColumn))
            }
            children = built
        case .list(let element):
            type = nil
            signedBits = nil
            isList = true
            let renamed = ParquetField("element", element.repetition, element.content)
            let repeated = ParquetField("list", .repeated, .group([renamed]))
            children = [
                WriteNode(repeated, definition: definitionLevel, repetition: repetitionLevel, nextColumn: &nextColumn)
            ]
        }
        columns = first..<nextColumn
    }
}

/// The striped levels and values of one leaf column.
struct ColumnStripe {
    var repetitionLevels: [Int] = []
    var definitionLevels: [Int] = []
    var values: [ParquetValue] = []
}

/// Dremel's striping: records into the levels and values of each leaf column.
struct ColumnShredder {
    private(set) var stripes: [ColumnStripe]
    private let leaves: [WriteNode]
    private let paths: [String]

    init(leaves: [WriteNode], paths: [String]) {
        self.leaves = leaves
        self.paths = paths
        stripes = Array(repeating: ColumnStripe(), count: leaves.count)
    }

    /// Stripes one record: `record` is a `.group` of the root's fields.
    mutating func add(_ record: ParquetValue, root: WriteNode) throws(ParquetError) {
        guard case .group(let fields) = record else {
            throw .corrupt("cannot write a record that is \(record.kindName), not a group")
        }
        for child in root.children {
            try field(child, fields[child.name], repetition: 0, definition: 0)
        }
    }

    private mutating func field(_ node: WriteNode, _ value: ParquetValue?, repetition: Int, definition: Int)
        throws(ParquetError)
    {
        let value = value ?? .null
        switch node.repetition {
        case .repeated:
            let elements: [ParquetValue]
            switch value {
            case .null: elements = []
            case .list(let items): elements = items
            default: throw .corrupt("cannot write \(value.kindName) in repeated field \(node.name)")
            }
            if elements.isEmpty {
                absent(node, repetition: repetition, definition: definition)
                return
            }
            for (index, element) in elements.enumerated() {
                try present(
                    node, element, repetition: index == 0 ? repetition : node.repetitionLevel,
                    definition: node.definitionLevel)
            }
        case .optional:
            if value == .null {
                absent(node, repetition: repetition, definition: definition)
                return
            }
            try present(node, value, repetition: repetition, definition: node.definitionLevel)
        case .required:
            guard value != .null else { throw .corrupt("cannot write a null in required field \(node.name)") }
            try present(node, value, repetition: repetition, definition: definition)
        }
    }

    private mutating func present(_ node: WriteNode, _ value: ParquetValue, repetition: Int, definition: Int)
        throws(ParquetError)
    {
        if let type = node.type {
            let column = node.columns.lowerBound
            guard Self.fits(value, type) else {
                throw .corrupt("cannot write \(value.kindName) in column \(paths[column]) of type \(type)")
            }
            stripes[column].repetitionLevels.append(repetition)
            stripes[column].definitionLevels.append(definition)
            stripes[column].values.append(value)
            return
        }
        if node.isList {
            guard case .list(let elements) = value else {
                throw .corrupt("cannot write \(value.kindName) in list field \(node.name)")
            }
            let wrapped = ParquetValue.list(elements.map { .group(["element": $0]) })
            try field(node.children[0], wrapped, repetition: repetition, definition: definition)
            return
        }
        guard case .group(let fields) = value else {
            throw .corrupt("cannot write \(value.kindName) in group field \(node.name)")
        }
        for child in node.children {
            try field(child, fields[child.name], repetition: repetition, definition: definition)
        }
    }

    /// Marks every column under `node` absent at these levels.
    private mutating func absent(_ node: WriteNode, repetition: Int, definition: Int) {
        for column in node.columns {
            stripes[column].repetitionLevels.append(repetition)
            stripes[column].definitionLevels.append(definition)
        }
    }

    private static func fits(_ value: ParquetValue, _ type: ParquetPhysicalType) -> Bool {
        switch (value, type) {
        case (.boolean, .boolean), (.int32, .int32), (.int64, .int64), (.float, .float), (.double, .double),
            (.bytes, .byteArray):
            return true
        default:
            return false
        }
    }
}
