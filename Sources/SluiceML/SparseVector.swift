/// A sparse vector of doubles, as MLlib's `SparseVector`: `size` slots, of which the slots at
/// `indices` (0-based, strictly ascending) hold `values`; every other slot is zero.
public struct SparseVector: Sendable, Equatable {
    /// The number of slots (MLlib: the model's `numFeatures`).
    public var size: Int
    /// The 0-based slots that hold a value, strictly ascending, each below `size`.
    public var indices: [Int32]
    /// The value of each slot in `indices`, in the same order.
    public var values: [Double]

    /// Creates a vector; `indices` and `values` must have the same count.
    public init(size: Int, indices: [Int32], values: [Double]) {
        self.size = size
        self.indices = indices
        self.values = values
    }
}
