/// Which records `sluice generate` writes with their binary label flipped (`0` ↔ `1`), decided
/// without I/O from a seed: record `i` is flipped when a hash of `(seed, i)`, as a number in
/// [0, 1), is below the fraction at `i`. Without drift that fraction is `fraction` for every
/// record; with drift it rises linearly from 0 at the first record to `2 × fraction` at the
/// last (capped at 1), so the run's mean stays near `fraction` while accuracy falls along it.
public struct LabelFlip: Sendable, Equatable {
    /// The fraction of labels flipped, in [0, 1] (the mean one with drift).
    public let fraction: Double
    /// The seed: the same seed flips the same records.
    public let seed: UInt64
    /// Whether the fraction rises along the run.
    public let drift: Bool

    /// A flip of `fraction` of the labels.
    public init(fraction: Double, seed: UInt64, drift: Bool = false) {
        precondition((0...1).contains(fraction))
        self.fraction = fraction
        self.seed = seed
        self.drift = drift
    }

    /// The fraction of labels flipped at record `index` of `records`.
    public func fraction(atRecord index: Int, of records: Int) -> Double {
        guard drift else { return fraction }
        let position = records > 1 ? Double(index) / Double(records - 1) : 0
        return min(1, 2 * fraction * position)
    }

    /// Whether record `index` of `records` is flipped.
    public func flips(record index: Int, of records: Int) -> Bool {
        Self.uniform(seed: seed, index: UInt64(index)) < fraction(atRecord: index, of: records)
    }

    /// The flipped label: `0` (or `0.0`, any zero) becomes `1`, anything else `0`.
    public static func flipped(_ label: String) -> String {
        Double(label) == 0 ? "1" : "0"
    }

    /// A number in [0, 1) from `seed` and `index` (SplitMix64's finaliser).
    static func uniform(seed: UInt64, index: UInt64) -> Double {
        var z = seed &+ (index &+ 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(UInt64(1) << 53)
    }
}
