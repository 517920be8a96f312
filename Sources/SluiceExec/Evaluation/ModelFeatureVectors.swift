import SluiceCore
import SluiceML
import SluicePlan

/// Reads the features of a model function given as an `array<double>` (dense) or as Spark's
/// VectorUDT struct (`type` 0 sparse: `size`, `indices`, `values`; `type` 1 dense: `values`) into
/// a `SparseVector` of the model's `numFeatures` slots. A value that does not make one (NULL, a
/// NULL element, a wrong length or size, an index out of range or not ascending, a `type` other
/// than 0 or 1) is `nil`: a malformed record.
enum ModelFeatureVectors {
    /// The vector of `value` in `shape`, or `nil` when it is malformed.
    static func vector(_ value: Value, shape: ModelFunctions.FeatureShape, numFeatures: Int) -> SparseVector? {
        switch shape {
        case .libsvm:
            return nil
        case .dense:
            return dense(value, numFeatures: numFeatures)
        case .vector(let typeField, let sizeField, let indicesField, let valuesField):
            guard case .composite(let fields) = value,
                fields.count > max(typeField, sizeField, indicesField, valuesField),
                let kind = integer(fields[typeField])
            else { return nil }
            switch kind {
            case 1:
                return dense(fields[valuesField], numFeatures: numFeatures)
            case 0:
                guard let size = integer(fields[sizeField]), size == numFeatures,
                    case .composite(let indexValues) = fields[indicesField],
                    case .composite(let valueValues) = fields[valuesField], indexValues.count == valueValues.count
                else { return nil }
                var indices: [Int32] = []
                var values: [Double] = []
                indices.reserveCapacity(indexValues.count)
                values.reserveCapacity(valueValues.count)
                var previous: Int64 = -1
                for (indexValue, entry) in zip(indexValues, valueValues) {
                    guard let index = integer(indexValue), index > previous, index < Int64(numFeatures),
                        let number = double(entry)
                    else { return nil }
                    indices.append(Int32(index))
                    values.append(number)
                    previous = index
                }
                return SparseVector(size: numFeatures, indices: indices, values: values)
            default:
                return nil
            }
        }
    }

    /// Every slot of an array of `numFeatures` numbers.
    private static func dense(_ value: Value, numFeatures: Int) -> SparseVector? {
        guard case .composite(let elements) = value, elements.count == numFeatures else { return nil }
        var values: [Double] = []
        values.reserveCapacity(elements.count)
        for element in elements {
            guard let number = double(element) else { return nil }
            values.append(number)
        }
        return SparseVector(size: numFeatures, indices: (0..<Int32(numFeatures)).map { $0 }, values: values)
    }

    private static func integer(_ value: Value) -> Int64? {
        switch value {
        case .int(let number): return Int64(number)
        case .bigint(let number): return number
        default: return nil
        }
    }

    private static func double(_ value: Value) -> Double? {
        switch value {
        case .double(let number): return number
        case .int(let number): return Double(number)
        case .bigint(let number): return Double(number)
        case .decimal(let text, _, _): return Double(text)
        default: return nil
        }
    }
}
