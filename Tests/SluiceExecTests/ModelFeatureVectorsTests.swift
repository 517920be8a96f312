import SluiceCore
import SluiceML
import SluicePlan
import Testing

@testable import SluiceExec

/// Arrays and Spark's vector structs read into vectors of the model's features, every malformed
/// form refused (nil) rather than trapped on.
@Suite struct ModelFeatureVectorsTests {
    static let vectorType = DataType.struct([
        StructField(name: "type", type: .tinyint), StructField(name: "size", type: .int),
        StructField(name: "indices", type: .array(.int)), StructField(name: "values", type: .array(.double)),
    ])

    static func vector(_ value: Value, _ type: DataType = vectorType, numFeatures: Int = 4) -> SparseVector? {
        let shape = try! #require(ModelFunctions.shape(of: type))
        return ModelFeatureVectors.vector(value, shape: shape, numFeatures: numFeatures)
    }

    static func sparse(_ type: Int32, size: Value, _ indices: [Value], _ values: [Value]) -> Value {
        .composite([.int(type), size, .composite(indices), .composite(values)])
    }

    @Test func shapesAreToldByType() {
        #expect(ModelFunctions.shape(of: .string) == .libsvm)
        #expect(ModelFunctions.shape(of: .int) == .libsvm)
        #expect(ModelFunctions.shape(of: .array(.double)) == .dense)
        #expect(ModelFunctions.shape(of: .array(.int)) == .dense)
        #expect(ModelFunctions.shape(of: .array(.string)) == nil)
        #expect(ModelFunctions.shape(of: Self.vectorType) == .vector(type: 0, size: 1, indices: 2, values: 3))
        // Fields are found by name, in any order; a missing or extra field is not a vector.
        let reordered = DataType.struct([
            StructField(name: "values", type: .array(.double)), StructField(name: "Indices", type: .array(.bigint)),
            StructField(name: "size", type: .int), StructField(name: "type", type: .int),
        ])
        #expect(ModelFunctions.shape(of: reordered) == .vector(type: 3, size: 2, indices: 1, values: 0))
        #expect(ModelFunctions.shape(of: .struct([StructField(name: "values", type: .array(.double))])) == nil)
        #expect(ModelFunctions.shape(of: .map(.string, .double)) == nil)
    }

    @Test func denseArraysNeedEveryFeature() {
        let whole = Self.vector(
            .composite([.double(1.5), .int(0), .bigint(2), .decimal("0.25", precision: 3, scale: 2)]), .array(.double))
        #expect(whole == SparseVector(size: 4, indices: [0, 1, 2, 3], values: [1.5, 0, 2, 0.25]))
        #expect(Self.vector(.composite([.double(1), .double(2), .double(3)]), .array(.double)) == nil)
        #expect(
            Self.vector(.composite([.double(1), .double(2), .double(3), .double(4), .double(5)]), .array(.double))
                == nil)
        #expect(Self.vector(.composite([.double(1), .null, .double(3), .double(4)]), .array(.double)) == nil)
        #expect(Self.vector(.null, .array(.double)) == nil)
    }

    @Test func sparseVectorsAreChecked() {
        #expect(
            Self.vector(Self.sparse(0, size: .int(4), [.int(0), .int(3)], [.double(1), .double(-2)]))
                == SparseVector(size: 4, indices: [0, 3], values: [1, -2]))
        #expect(Self.vector(Self.sparse(0, size: .int(4), [], [])) == SparseVector(size: 4, indices: [], values: []))
        // The size must be the model's; indices below it, strictly ascending, one value each, none NULL.
        #expect(Self.vector(Self.sparse(0, size: .int(5), [.int(0)], [.double(1)])) == nil)
        #expect(Self.vector(Self.sparse(0, size: .null, [.int(0)], [.double(1)])) == nil)
        #expect(Self.vector(Self.sparse(0, size: .int(4), [.int(4)], [.double(1)])) == nil)
        #expect(Self.vector(Self.sparse(0, size: .int(4), [.int(-1)], [.double(1)])) == nil)
        #expect(Self.vector(Self.sparse(0, size: .int(4), [.int(2), .int(1)], [.double(1), .double(1)])) == nil)
        #expect(Self.vector(Self.sparse(0, size: .int(4), [.int(1), .int(1)], [.double(1), .double(1)])) == nil)
        #expect(Self.vector(Self.sparse(0, size: .int(4), [.int(1)], [.double(1), .double(1)])) == nil)
        #expect(Self.vector(Self.sparse(0, size: .int(4), [.int(1)], [.null])) == nil)
        #expect(Self.vector(Self.sparse(0, size: .int(4), [.null], [.double(1)])) == nil)
        #expect(Self.vector(.composite([.int(0), .int(4), .null, .null])) == nil)
        #expect(Self.vector(.null) == nil)
        // Type 1 is dense: the values are every feature; size and indices are not read.
        let dense = Value.composite([
            .int(1), .null, .null, .composite([.double(1), .double(2), .double(3), .double(4)]),
        ])
        #expect(Self.vector(dense) == SparseVector(size: 4, indices: [0, 1, 2, 3], values: [1, 2, 3, 4]))
        #expect(Self.vector(.composite([.int(1), .null, .null, .composite([.double(1)])])) == nil)
        // Any other type is not a vector.
        #expect(Self.vector(Self.sparse(2, size: .int(4), [], [])) == nil)
        #expect(Self.vector(Self.sparse(-1, size: .int(4), [], [])) == nil)
    }
}
