import SluiceParquet

/// Spark's vector and matrix structs, and scalars, out of Parquet values; errors name the field.
enum SparkValues {
    /// A matrix as `SparkModelFormat` uses it: dense, row-major, and how Spark stored it.
    struct Matrix {
        let numRows: Int
        let numColumns: Int
        /// `rowMajor[row * numColumns + column]`.
        let rowMajor: [Double]
        /// Whether Spark stored it row-major (`isTransposed`): its `gemv` then adds intercepts after the dot products.
        let isRowMajor: Bool
    }

    static func double(_ value: ParquetValue, _ name: String) throws(MLError) -> Double {
        switch value {
        case .double(let number) where number.isFinite: return number
        case .float(let number) where number.isFinite: return Double(number)
        default: throw MLError(.badModel, "the data's \(name) is \(value.kindName), not a finite double")
        }
    }

    static func count(_ value: ParquetValue, _ name: String) throws(MLError) -> Int {
        guard case .int32(let number) = value, number >= 0 else {
            throw MLError(.badModel, "the data's \(name) is \(value.kindName), not a non-negative int")
        }
        return Int(number)
    }

    static func ints(_ value: ParquetValue?, _ name: String) throws(MLError) -> [Int] {
        guard case .list(let elements)? = value else {
            throw MLError(.badModel, "the data's \(name) is missing or not a list")
        }
        var result: [Int] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            guard case .int32(let number) = element else {
                throw MLError(.badModel, "the data's \(name) holds \(element.kindName), not int")
            }
            result.append(Int(number))
        }
        return result
    }

    static func doubles(_ value: ParquetValue?, _ name: String) throws(MLError) -> [Double] {
        guard case .list(let elements)? = value else {
            throw MLError(.badModel, "the data's \(name) is missing or not a list")
        }
        guard elements.count <= SparkModelFormat.coefficientsMax else {
            throw MLError(
                .badModel,
                "the data's \(name) holds \(elements.count) values, above the limit of \(SparkModelFormat.coefficientsMax) coefficients"
            )
        }
        var result: [Double] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            result.append(try double(element, "\(name) element"))
        }
        return result
    }

    private static func tag(_ value: ParquetValue, _ name: String) throws(MLError) -> Int32 {
        guard case .group = value, case .int32(let type)? = value[field: "type"], type == 0 || type == 1 else {
            throw MLError(
                .badModel, "the data's \(name) is not a Spark vector or matrix struct with type 0 (sparse) or 1 (dense)"
            )
        }
        return type
    }

    /// A vector struct as a dense array.
    static func vector(_ value: ParquetValue, _ name: String) throws(MLError) -> [Double] {
        let values = try doubles(value[field: "values"], "\(name).values")
        if try tag(value, name) == 1 { return values }
        guard case .int32(let size)? = value[field: "size"], size >= 0, Int(size) <= SparkModelFormat.coefficientsMax
        else {
            throw MLError(
                .badModel,
                "the data's \(name).size is missing, negative or above \(SparkModelFormat.coefficientsMax) coefficients"
            )
        }
        let indices = try ints(value[field: "indices"], "\(name).indices")
        guard indices.count == values.count else {
            throw MLError(.badModel, "the data's \(name) has \(indices.count) indices for \(values.count) values")
        }
        var dense = [Double](repeating: 0, count: Int(size))
        var previous = -1
        for (entry, index) in indices.enumerated() {
            guard index > previous, index < Int(size) else {
                throw MLError(
                    .badModel, "the data's \(name).indices are not ascending below its size \(size) at \(index)")
            }
            dense[index] = values[entry]
            previous = index
        }
        return dense
    }

    /// A matrix struct, densified row-major.
    static func matrix(_ value: ParquetValue, _ name: String) throws(MLError) -> Matrix {
        let type = try tag(value, name)
        let numRows = try count(value[field: "numRows"] ?? .null, "\(name).numRows")
        let numColumns = try count(value[field: "numCols"] ?? .null, "\(name).numCols")
        guard case .boolean(let transposed)? = value[field: "isTransposed"] else {
            throw MLError(.badModel, "the data's \(name).isTransposed is missing or not a boolean")
        }
        guard numRows.multipliedReportingOverflow(by: numColumns).partialValue <= SparkModelFormat.coefficientsMax,
            numRows == 0 || numColumns <= SparkModelFormat.coefficientsMax / numRows
        else {
            throw MLError(
                .badModel,
                "the data's \(name) is \(numRows) × \(numColumns), above the limit of \(SparkModelFormat.coefficientsMax) coefficients"
            )
        }
        let values = try doubles(value[field: "values"], "\(name).values")
        var dense = [Double](repeating: 0, count: numRows * numColumns)
        if type == 1 {
            guard values.count == numRows * numColumns else {
                throw MLError(
                    .badModel, "the data's dense \(name) has \(values.count) values for \(numRows) × \(numColumns)")
            }
            for row in 0..<numRows {
                for column in 0..<numColumns {
                    dense[row * numColumns + column] =
                        transposed ? values[row * numColumns + column] : values[column * numRows + row]
                }
            }
        } else {
            // CSC: pointers per column over row indices; CSR (transposed): per row over column indices.
            let outer = transposed ? numRows : numColumns
            let inner = transposed ? numColumns : numRows
            let pointers = try ints(value[field: "colPtrs"], "\(name).colPtrs")
            let indices = try ints(value[field: "rowIndices"], "\(name).rowIndices")
            guard pointers.count == outer + 1, pointers.first == 0, pointers.last == values.count,
                indices.count == values.count
            else {
                throw MLError(
                    .badModel, "the data's sparse \(name) has pointers, indices and values that do not fit together")
            }
            // All pointers first: one past the values in the middle would index out of range.
            for major in 0..<outer where pointers[major] > pointers[major + 1] {
                throw MLError(.badModel, "the data's sparse \(name).colPtrs are not ascending at \(major)")
            }
            for major in 0..<outer {
                for entry in pointers[major]..<pointers[major + 1] {
                    let minor = indices[entry]
                    guard minor >= 0, minor < inner else {
                        throw MLError(
                            .badModel, "the data's sparse \(name).rowIndices hold \(minor), outside 0..<\(inner)")
                    }
                    let (row, column) = transposed ? (major, minor) : (minor, major)
                    dense[row * numColumns + column] = values[entry]
                }
            }
        }
        return Matrix(numRows: numRows, numColumns: numColumns, rowMajor: dense, isRowMajor: transposed)
    }
}
