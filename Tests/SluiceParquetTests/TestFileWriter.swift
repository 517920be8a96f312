import Foundation

/// Thrift's compact protocol, written: just enough to build Parquet footers and page headers by hand.
struct ThriftWriter {
    var bytes: [UInt8] = []
    private var lastIds: [Int16] = [0]

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func zigzag(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func field(_ id: Int16, _ type: UInt8) {
        let delta = id - lastIds[lastIds.count - 1]
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type)
        } else {
            bytes.append(type)
            zigzag(Int64(id))
        }
        lastIds[lastIds.count - 1] = id
    }

    mutating func i32(_ id: Int16, _ value: Int32) {
        field(id, 5)
        zigzag(Int64(value))
    }

    mutating func i64(_ id: Int16, _ value: Int64) {
        field(id, 6)
        zigzag(value)
    }

    mutating func bool(_ id: Int16, _ value: Bool) {
        field(id, value ? 1 : 2)
    }

    mutating func string(_ id: Int16, _ value: String) {
        field(id, 8)
        varint(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    /// A structure field; `body` writes its fields.
    mutating func structure(_ id: Int16, _ body: (inout ThriftWriter) -> Void) {
        field(id, 12)
        structureBody(body)
    }

    /// A structure's fields and stop byte (a whole message, or a list element).
    mutating func structureBody(_ body: (inout ThriftWriter) -> Void) {
        lastIds.append(0)
        body(&self)
        bytes.append(0)
        lastIds.removeLast()
    }

    mutating func listHeader(_ id: Int16, count: Int, elementType: UInt8) {
        field(id, 9)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType)
        } else {
            bytes.append(0xF0 | elementType)
            varint(UInt64(count))
        }
    }
}

/// One schema element of a test file.
struct TestSchemaElement {
    var name: String
    var type: Int32?
    var repetition: Int32?
    var children: Int32?
    var convertedType: Int32?
}

/// One page of a test column: its header fields and its bytes as stored.
struct TestPage {
    var type: Int32 = 0
    var valueCount: Int32
    var encoding: Int32 = 0
    var body: [UInt8]
    var uncompressedBytes: Int32?
    /// Data page v2: the level byte counts at the start of `body`.
    var repetitionLevelBytes: Int32 = 0
    var definitionLevelBytes: Int32 = 0
}

/// One column chunk of a test file.
struct TestColumn {
    var path: [String]
    var type: Int32
    var codec: Int32 = 0
    var valueCount: Int64
    var pages: [TestPage]
}

/// Builds Parquet files by hand, for the reader's tests: one row group of the given columns.
enum TestFileWriter {
    /// The file; `groupRows` and `chunkBytes` override what the row group and each column chunk
    /// say of themselves (for corrupt files).
    static func file(
        schema: [TestSchemaElement], rows: Int64, columns: [TestColumn], groupRows: Int64? = nil, chunkBytes: Int64? = nil
    ) -> [UInt8] {
        var bytes = Array("PAR1".utf8)
        var offsets: [(Int64, Int64, Int64?)] = []  // data page offset, size, dictionary offset
        for column in columns {
            let start = Int64(bytes.count)
            var dictionaryOffset: Int64?
            var dataOffset: Int64?
            for page in column.pages {
                if page.type == 2 {
                    dictionaryOffset = Int64(bytes.count)
                } else if dataOffset == nil {
                    dataOffset = Int64(bytes.count)
                }
                bytes += header(page)
                bytes += page.body
            }
            offsets.append((dataOffset ?? start, Int64(bytes.count) - start, dictionaryOffset))
        }
        var footer = ThriftWriter()
        footer.structureBody { meta in
            meta.i32(1, 1)
            meta.listHeader(2, count: schema.count, elementType: 12)
            for element in schema {
                meta.structureBody { item in
                    if let type = element.type { item.i32(1, type) }
                    if let repetition = element.repetition { item.i32(3, repetition) }
                    item.string(4, element.name)
                    if let children = element.children { item.i32(5, children) }
                    if let converted = element.convertedType { item.i32(6, converted) }
                }
            }
            meta.i64(3, rows)
            meta.listHeader(4, count: 1, elementType: 12)
            meta.structureBody { group in
                group.listHeader(1, count: columns.count, elementType: 12)
                for (index, column) in columns.enumerated() {
                    let (dataOffset, size, dictionaryOffset) = offsets[index]
                    group.structureBody { chunk in
                        chunk.i64(2, dataOffset)
                        chunk.structure(3) { meta in
                            meta.i32(1, column.type)
                            meta.listHeader(2, count: 1, elementType: 5)
                            meta.zigzag(0)
                            meta.listHeader(3, count: column.path.count, elementType: 8)
                            for name in column.path {
                                meta.varint(UInt64(name.utf8.count))
                                meta.bytes += name.utf8
                            }
                            meta.i32(4, column.codec)
                            meta.i64(5, column.valueCount)
                            meta.i64(6, size)
                            meta.i64(7, chunkBytes ?? size)
                            meta.i64(9, dataOffset)
                            if let dictionaryOffset { meta.i64(11, dictionaryOffset) }
                        }
                    }
                }
                group.i64(2, 0)
                group.i64(3, groupRows ?? rows)
            }
        }
        bytes += footer.bytes
        let length = UInt32(footer.bytes.count)
        bytes += [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)]
        bytes += Array("PAR1".utf8)
        return bytes
    }

    static func header(_ page: TestPage) -> [UInt8] {
        var writer = ThriftWriter()
        writer.structureBody { header in
            header.i32(1, page.type)
            header.i32(2, page.uncompressedBytes ?? Int32(page.body.count))
            header.i32(3, Int32(page.body.count))
            switch page.type {
            case 2:
                header.structure(7) { dictionary in
                    dictionary.i32(1, page.valueCount)
                    dictionary.i32(2, 0)
                }
            case 3:
                header.structure(8) { v2 in
                    v2.i32(1, page.valueCount)
                    v2.i32(2, 0)
                    v2.i32(3, page.valueCount)
                    v2.i32(4, page.encoding)
                    v2.i32(5, page.definitionLevelBytes)
                    v2.i32(6, page.repetitionLevelBytes)
                }
            default:
                header.structure(5) { data in
                    data.i32(1, page.valueCount)
                    data.i32(2, page.encoding)
                    data.i32(3, 3)
                    data.i32(4, 3)
                }
            }
        }
        return writer.bytes
    }

    /// Values packed `width` bits each, least significant first, as one bit-packed run.
    static func bitPackedRun(_ values: [UInt32], width: Int) -> [UInt8] {
        let groups = (values.count + 7) / 8
        var run: [UInt8] = []
        var header = UInt64(groups << 1 | 1)
        while header >= 0x80 {
            run.append(UInt8(header & 0x7F) | 0x80)
            header >>= 7
        }
        run.append(UInt8(header))
        var packed = [UInt8](repeating: 0, count: groups * width)
        for (index, value) in values.enumerated() {
            for bit in 0..<width where value >> UInt32(bit) & 1 == 1 {
                let position = index * width + bit
                packed[position >> 3] |= 1 << UInt8(position & 7)
            }
        }
        return run + packed
    }

    /// `count` copies of `value` as one repeated run of `width` bits.
    static func repeatedRun(_ value: UInt32, count: Int, width: Int) -> [UInt8] {
        var run: [UInt8] = []
        var header = UInt64(count << 1)
        while header >= 0x80 {
            run.append(UInt8(header & 0x7F) | 0x80)
            header >>= 7
        }
        run.append(UInt8(header))
        for index in 0..<((width + 7) / 8) {
            run.append(UInt8(truncatingIfNeeded: value >> UInt32(8 * index)))
        }
        return run
    }

    /// Levels as data pages v1 store them: a 4-byte length, then the runs.
    static func lengthPrefixed(_ runs: [UInt8]) -> [UInt8] {
        let length = UInt32(runs.count)
        return [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)] + runs
    }

    static func plain(int32 values: [Int32]) -> [UInt8] {
        values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: UInt32(bitPattern: value) >> UInt32(8 * $0)) }
        }
    }

    static func plain(double values: [Double]) -> [UInt8] {
        values.flatMap { value in (0..<8).map { UInt8(truncatingIfNeeded: value.bitPattern >> UInt64(8 * $0)) } }
    }

    static func plain(int64 values: [Int64]) -> [UInt8] {
        values.flatMap { value in (0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: value) >> UInt64(8 * $0)) }
        }
    }

    static func plain(float values: [Float]) -> [UInt8] {
        values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> UInt32(8 * $0)) } }
    }

    static func plain(strings values: [String]) -> [UInt8] {
        values.flatMap { value in plain(int32: [Int32(value.utf8.count)]) + Array(value.utf8) }
    }

    /// `bytes` through the `gzip` program.
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c", "-n"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data(bytes))
        try input.fileHandleForWriting.close()
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](result)
    }
}
