import SluiceCore

extension Parser {
    /// A SQL type: `int`, `bigint`, `string`, `varchar(10)`, `decimal(10,2)`, `timestamp`,
    /// `array<T>`, `map<K,V>`, `struct<a:T,…>`, with Spark's synonyms.
    mutating func typeName() throws(SQLError) -> TypeName {
        try nested { (parser: inout Parser) throws(SQLError) -> TypeName in try parser.typeNameBody() }
    }

    private mutating func typeNameBody() throws(SQLError) -> TypeName {
        let token = current
        guard token.kind == .word else { throw unexpected(expected: "a type name") }
        advance()
        let type: DataType
        switch token.text.lowercased() {
        case "boolean", "bool": type = .boolean
        case "tinyint", "byte": type = .tinyint
        case "smallint", "short": type = .smallint
        case "int", "integer": type = .int
        case "bigint", "long": type = .bigint
        case "float", "real": type = .float
        case "double": type = .double
        case "string", "text": type = .string
        case "varchar", "char", "character":
            try expectSymbol("(")
            _ = try integerValue()
            try expectSymbol(")")
            type = .string
        case "binary": type = .binary
        case "date": type = .date
        case "timestamp", "timestamp_ltz": type = .timestamp
        case "interval": type = .interval
        case "decimal", "dec", "numeric": type = try decimalType()
        case "array":
            try expectSymbol("<")
            let element = try typeName().type
            try closeAngle()
            type = .array(element)
        case "map":
            try expectSymbol("<")
            let key = try typeName().type
            try expectSymbol(",")
            let value = try typeName().type
            try closeAngle()
            type = .map(key, value)
        case "struct": type = try structType()
        default:
            throw SQLError(.syntax, "unknown type '\(token.text)'", at: token.span)
        }
        return TypeName(type: type, span: span(from: token.span))
    }

    private mutating func decimalType() throws(SQLError) -> DataType {
        guard acceptSymbol("(") else { return .decimal(precision: 10, scale: 0) }
        let precisionToken = current
        let precision = try integerValue()
        var scale = 0
        if acceptSymbol(",") { scale = try integerValue() }
        try expectSymbol(")")
        guard (1...38).contains(precision), (0...precision).contains(scale) else {
            throw SQLError(.syntax, "decimal(\(precision),\(scale)) is out of range: precision 1…38, scale 0…precision",
                           at: precisionToken.span)
        }
        return .decimal(precision: precision, scale: scale)
    }

    private mutating func structType() throws(SQLError) -> DataType {
        try expectSymbol("<")
        var fields: [StructField] = []
        if !current.isSymbol(">") {
            repeat {
                let name = try identifier(what: "a field name")
                _ = acceptSymbol(":")
                fields.append(StructField(name: name.value, type: try typeName().type))
            } while acceptSymbol(",")
        }
        try closeAngle()
        return .struct(fields)
    }

    /// `>`; a `>=` or `>>` is not produced by the lexer except `>=`, which cannot close a type.
    private mutating func closeAngle() throws(SQLError) {
        try expectSymbol(">")
    }

    private mutating func integerValue() throws(SQLError) -> Int {
        guard current.kind == .integer, let value = Int(current.text) else { throw unexpected(expected: "an integer") }
        advance()
        return value
    }
}
