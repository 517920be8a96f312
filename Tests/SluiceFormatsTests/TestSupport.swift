import SluiceTestSupport
import SluiceCore
import SluiceFormats

/// Scans `text` as JSON lines.
func scanJSON(_ text: String, _ schema: [Column], utcOffsetSeconds: Int = 0) -> ScanResult {
    Array(text.utf8).withUnsafeBytes { JSONLinesFormat.scan($0, schema: schema, utcOffsetSeconds: utcOffsetSeconds) }
}

/// Scans `text` as CSV.
func scanCSV(
    _ text: String, _ schema: [Column], header: Bool, separator: UInt8 = UInt8(ascii: ","), nullValue: String = ""
) -> ScanResult {
    Array(text.utf8).withUnsafeBytes {
        CSVFormat.scan($0, schema: schema, header: header, separator: separator, nullValue: nullValue)
    }
}

/// Scans `text` as LIBSVM lines.
func scanLibSVM(_ text: String) -> ScanResult {
    Array(text.utf8).withUnsafeBytes { LibSVMTextFormat.scan($0) }
}

/// A column named `name` of `type`.
func column(_ name: String, _ type: DataType) -> Column {
    Column(name: name, type: type)
}

extension ColumnVector {
    /// The values of an `Int64` column, `nil` for NULL.
    var int64Values: [Int64?] {
        guard case .int64(let values) = storage else { return [] }
        return values.indices.map { isNull($0) ? nil : values[$0] }
    }

    /// The values of a `Double` column, `nil` for NULL.
    var doubleValues: [Double?] {
        guard case .double(let values) = storage else { return [] }
        return values.indices.map { isNull($0) ? nil : values[$0] }
    }

    /// The values of a boolean column, `nil` for NULL.
    var booleanValues: [Bool?] {
        guard case .boolean(let values) = storage else { return [] }
        return values.indices.map { isNull($0) ? nil : values[$0] }
    }

    /// The values of a string column, `nil` for NULL.
    var stringValues: [String?] {
        guard case .string(let strings) = storage else { return [] }
        return (0..<strings.count).map { isNull($0) ? nil : strings[$0] }
    }
}
