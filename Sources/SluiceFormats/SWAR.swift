/// Eight bytes at a time: finds the next byte of a string that needs a look (quote, backslash,
/// control character) without testing each byte, as simdjson-style scanners do in plain code.
enum SWAR {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    private static func hasZero(_ x: UInt64) -> Bool {
        (x &- ones) & ~x & highs != 0
    }

    /// Whether some byte of `x` is below `n` (n ≤ 128).
    @inline(__always)
    private static func hasLess(_ x: UInt64, _ n: UInt8) -> Bool {
        (x &- ones &* UInt64(n)) & ~x & highs != 0
    }

    /// The first position at or after `start` (and before `end`) whose 8-byte word holds `quote`,
    /// a backslash or a control byte; the caller then looks byte by byte from there.
    @inline(__always)
    static func skipPlain(_ text: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, quote: UInt8) -> Int {
        guard let base = text.baseAddress else { return start }
        var position = start
        // Sixteen bytes a step with vector compares, then eight with word arithmetic.
        let quoteVector = SIMD16<UInt8>(repeating: quote)
        let backslashVector = SIMD16<UInt8>(repeating: 0x5C)
        let spaceVector = SIMD16<UInt8>(repeating: 0x20)
        while position + 16 <= end {
            let vector = UnsafeRawPointer(base + position).loadUnaligned(as: SIMD16<UInt8>.self)
            let special = (vector .== quoteVector) .| (vector .== backslashVector) .| (vector .< spaceVector)
            if any(special) { break }
            position += 16
        }
        let quotes = ones &* UInt64(quote)
        let backslashes = ones &* 0x5C
        while position + 8 <= end {
            let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
            if hasZero(word ^ quotes) || hasZero(word ^ backslashes) || hasLess(word, 0x20) { return position }
            position += 8
        }
        return position
    }

    /// The first position at or after `start` whose 8-byte word holds `byte` (or the last
    /// position from which fewer than 8 bytes remain); the caller finishes byte by byte.
    @inline(__always)
    static func skipUntil(_ text: UnsafeBufferPointer<UInt8>, byte: UInt8, from start: Int, end: Int) -> Int {
        guard let base = text.baseAddress else { return start }
        var position = start
        let vectorPattern = SIMD16<UInt8>(repeating: byte)
        while position + 16 <= end {
            let vector = UnsafeRawPointer(base + position).loadUnaligned(as: SIMD16<UInt8>.self)
            if any(vector .== vectorPattern) { break }
            position += 16
        }
        let pattern = ones &* UInt64(byte)
        while position + 8 <= end {
            let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
            if hasZero(word ^ pattern) { return position }
            position += 8
        }
        return position
    }
}
