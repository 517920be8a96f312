/// Division rounded toward negative infinity, the rounding calendar and window arithmetic need:
/// a time before the epoch belongs to the day (or bin) that starts before it, not after it.
extension Int64 {
    /// `self / divisor` rounded toward negative infinity: `(-1).floorDivided(by: 86_400) == -1`.
    ///
    /// - Parameter divisor: Not zero.
    /// - Returns: The largest `q` with `q * divisor <= self` for a positive divisor.
    @inlinable
    public func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// `self mod divisor`, with the sign of `divisor`: `self - floorDivided(by: divisor) * divisor`.
    ///
    /// - Parameter divisor: Not zero.
    /// - Returns: For a positive divisor, a value in `0..<divisor`.
    @inlinable
    public func floorModulo(_ divisor: Int64) -> Int64 {
        let remainder = self % divisor
        return remainder != 0 && (remainder < 0) != (divisor < 0) ? remainder + divisor : remainder
    }
}
