/// A node of a file's schema: a group with children, or a column with a physical type.
public struct ParquetSchemaNode: Sendable {
    /// The field's name.
    public let name: String
    /// How often the field occurs in its parent; the root is `required`.
    public let repetition: ParquetRepetition
    /// The physical type of a column; `nil` for a group.
    public let physicalType: ParquetPhysicalType?
    /// The byte length of a `fixedLengthByteArray` column.
    public let typeLength: Int
    /// Whether the group is annotated LIST: its value is read as a list of its repeated child's elements.
    public let isList: Bool
    /// The fields of a group, in order; empty for a column.
    public let children: [ParquetSchemaNode]
}

/// One leaf column: its path from the root and the levels that describe it.
struct ColumnDescriptor {
    /// The nodes from the root's child down to the column.
    let nodes: [ParquetSchemaNode]
    /// For each node of `nodes`, the definition level at which it is present.
    let definitionLevels: [Int]
    /// For each node of `nodes`, the repetition level of its repeated ancestors, itself included.
    let repetitionLevels: [Int]

    var leaf: ParquetSchemaNode { nodes[nodes.count - 1] }
    var maxDefinitionLevel: Int { definitionLevels[definitionLevels.count - 1] }
    var maxRepetitionLevel: Int { repetitionLevels[repetitionLevels.count - 1] }
    var path: String { nodes.map(\.name).joined(separator: ".") }
}

/// The schema as a tree, with its leaf columns in file order.
struct ParquetSchema {
    let root: ParquetSchemaNode
    let columns: [ColumnDescriptor]

    /// Builds the tree from the depth-first list of `FileMetaData.schema`.
    init(_ elements: [SchemaElement]) throws(ParquetError) {
        var next = 0
        root = try ParquetSchema.node(elements, &next, depth: 0)
        guard next == elements.count else {
            throw .corrupt("the schema has \(elements.count) elements, but its root's tree holds \(next)")
        }
        guard !root.children.isEmpty else { throw .corrupt("the schema's root has no fields") }
        var columns: [ColumnDescriptor] = []
        for child in root.children {
            ParquetSchema.collect(child, [], [], [], into: &columns)
        }
        self.columns = columns
    }

    private static func node(_ elements: [SchemaElement], _ next: inout Int, depth: Int) throws(ParquetError)
        -> ParquetSchemaNode
    {
        guard next < elements.count else {
            throw .corrupt("the schema ends inside a group: a child count is larger than the elements left")
        }
        guard depth <= ParquetLimits.nestingDepthMax else {
            throw .limit("the schema's nesting", depth, ParquetLimits.nestingDepthMax, "levels")
        }
        let element = elements[next]
        next += 1
        let childCount = Int(element.childCount ?? 0)
        guard childCount >= 0, childCount <= elements.count - next else {
            throw .corrupt(
                "schema element \"\(element.name)\" has \(childCount) children, but \(elements.count - next) elements are left"
            )
        }
        let repetition = depth == 0 ? .required : (element.repetition ?? .required)
        if childCount == 0 && depth > 0 {
            guard let type = element.type else {
                throw .corrupt("schema element \"\(element.name)\" has neither children nor a physical type")
            }
            return ParquetSchemaNode(
                name: element.name, repetition: repetition, physicalType: type,
                typeLength: Int(element.typeLength ?? 0),
                isList: false, children: [])
        }
        var children: [ParquetSchemaNode] = []
        for _ in 0..<childCount {
            children.append(try node(elements, &next, depth: depth + 1))
        }
        let isList = element.isList && children.count == 1 && children[0].repetition == .repeated
        return ParquetSchemaNode(
            name: element.name, repetition: repetition, physicalType: nil, typeLength: 0, isList: isList,
            children: children)
    }

    private static func collect(
        _ node: ParquetSchemaNode, _ nodes: [ParquetSchemaNode], _ definitions: [Int], _ repetitions: [Int],
        into columns: inout [ColumnDescriptor]
    ) {
        let definition = (definitions.last ?? 0) + (node.repetition == .required ? 0 : 1)
        let repetition = (repetitions.last ?? 0) + (node.repetition == .repeated ? 1 : 0)
        let path = nodes + [node]
        if node.physicalType != nil {
            columns.append(
                ColumnDescriptor(
                    nodes: path, definitionLevels: definitions + [definition],
                    repetitionLevels: repetitions + [repetition]))
            return
        }
        for child in node.children {
            collect(child, path, definitions + [definition], repetitions + [repetition], into: &columns)
        }
    }
}
