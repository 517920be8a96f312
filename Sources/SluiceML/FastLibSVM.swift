import SluiceCore

/// The common case of LIBSVM features in one pass: space-separated `i:v` with plain decimal
/// values. It declines (returns `false`) on anything else, and the caller takes the exact,
/// error-reporting path; when it accepts, its result is bit for bit that path's result.
enum FastLibSVM {
    /// Exact powers of ten: `Double(m) / tens[s]` is correctly rounded for `m < 2^53`, `s <= 22`.
    static let tens = ExactPowersOfTen.table

    /// Largest mantissa the exact path takes.
    static let mantissaMax = ExactPowersOfTen.mantissaLimit

    /// Adds `value * coefficients[i - 1]` for each `i:value` of `bytes` to `dot`, in order.
    /// One pass over the bytes: index digits, `:`, value digits with an optional point.
    /// - Returns: `false` when the text is not in the common form or breaks a rule (index 0,
    ///   not ascending, above `coefficients.count`); `dot` and `previous` are then meaningless.
    @inline(__always)
    static func accumulate(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, coefficients: UnsafeBufferPointer<Double>,
        previous: inout Int, dot: inout Double
    ) -> Bool {
        guard let base = bytes.baseAddress, start < bytes.count else { return true }
        let weights = coefficients.baseAddress!
        let limit = coefficients.count
        var cursor = base + start
        let end = base + bytes.count
        var last = previous
        var sum = dot
        while cursor < end {
            // The whole token `i:v ` in one eight-byte word, up to four digits each: the common case.
            // The same reading as `oneWordToken`, written out here: calling it from this loop
            // measured 10-15 % slower (`sluice-bench model`, alternating builds).
            if end - cursor >= 8 {
                let word = UnsafeRawPointer(cursor).loadUnaligned(as: UInt64.self)
                let nonDigits = SWARToken.nonDigits(word)
                let colon = nonDigits.trailingZeroBitCount &>> 3
                if UInt(bitPattern: colon &- 1) < 4, SWARToken.byte(word, colon) == UInt8(ascii: ":") {
                    let valueDigits = (nonDigits &>> UInt64((colon &+ 1) &* 8)).trailingZeroBitCount &>> 3
                    let space = colon &+ 1 &+ valueDigits
                    if UInt(bitPattern: valueDigits &- 1) < 4, space < 8, SWARToken.byte(word, space) == 0x20 {
                        let (tokenIndex, value) = SWARToken.indexAndValue(word, colon: colon, space: space)
                        guard tokenIndex > last, tokenIndex <= limit else { return false }
                        sum += Double(value) * weights[tokenIndex &- 1]
                        last = tokenIndex
                        cursor += space &+ 1
                        continue
                    }
                }
            }
            var byte = cursor.pointee
            if byte == 0x20 {
                cursor += 1
                continue
            }
            // Eight bytes at a time for each part when the token is longer.
            if end - cursor >= 16 {
                // Inlined by hand: this is the hottest loop of the engine.
                let first = UnsafeRawPointer(cursor).loadUnaligned(as: UInt64.self)
                let indexDigits = SWARToken.matches(first, UInt8(ascii: ":")).trailingZeroBitCount &>> 3
                if indexDigits > 0, indexDigits < 8, SWARToken.allDigits(first, indexDigits) {
                    let second = UnsafeRawPointer(cursor + indexDigits + 1).loadUnaligned(as: UInt64.self)
                    let valueDigits = SWARToken.matches(second, 0x20).trailingZeroBitCount &>> 3
                    if valueDigits > 0, valueDigits < 8, SWARToken.allDigits(second, valueDigits) {
                        let tokenIndex = Int(SWARToken.number(first, indexDigits))
                        guard tokenIndex > last, tokenIndex <= limit else { return false }
                        sum += Double(SWARToken.number(second, valueDigits)) * weights[tokenIndex &- 1]
                        last = tokenIndex
                        cursor += indexDigits &+ valueDigits &+ 2
                        continue
                    }
                }
            }
            // Index: 1 to 9 digits, then ':'.
            var feature = 0
            let indexStart = cursor
            while byte &- 0x30 <= 9 {
                feature = feature &* 10 &+ Int(byte &- 0x30)
                cursor += 1
                guard cursor < end else { return false }
                byte = cursor.pointee
            }
            let indexDigits = cursor - indexStart
            guard byte == UInt8(ascii: ":"), indexDigits > 0, indexDigits < 10, feature > last, feature <= limit else {
                return false
            }
            cursor += 1
            // Value: [-]digits[.digits], up to a space or the end.
            var negative = false
            if cursor < end, cursor.pointee == UInt8(ascii: "-") {
                negative = true
                cursor += 1
            }
            let valueStart = cursor
            var mantissa: UInt64 = 0
            var pointAt: UnsafePointer<UInt8>?
            while cursor < end {
                byte = cursor.pointee
                let digit = byte &- 0x30
                if digit <= 9 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                } else if byte == 0x20 {
                    break
                } else if byte == UInt8(ascii: "."), pointAt == nil {
                    pointAt = cursor
                } else {
                    return false
                }
                cursor += 1
            }
            let length = cursor - valueStart
            let fraction = pointAt.map { cursor - $0 - 1 } ?? 0
            let digits = length - (pointAt == nil ? 0 : 1)
            guard digits > 0, digits <= 18, mantissa < mantissaMax, fraction <= 22 else { return false }
            var value = fraction == 0 ? Double(mantissa) : Double(mantissa) / tens[fraction]
            if negative { value = -value }
            sum += value * weights[feature &- 1]
            last = feature
        }
        previous = last
        dot = sum
        return true
    }

    /// The common token `i:v ` (up to four digits each side, eight bytes with its space) at the
    /// start of `word`: its index, value and length with the space; `nil` for anything else.
    @inline(__always)
    static func oneWordToken(_ word: UInt64) -> (index: Int, value: UInt64, length: Int)? {
        let nonDigits = SWARToken.nonDigits(word)
        let colon = nonDigits.trailingZeroBitCount &>> 3
        guard UInt(bitPattern: colon &- 1) < 4, SWARToken.byte(word, colon) == UInt8(ascii: ":") else { return nil }
        let valueDigits = (nonDigits &>> UInt64((colon &+ 1) &* 8)).trailingZeroBitCount &>> 3
        let space = colon &+ 1 &+ valueDigits
        guard UInt(bitPattern: valueDigits &- 1) < 4, space < 8, SWARToken.byte(word, space) == 0x20 else { return nil }
        let (index, value) = SWARToken.indexAndValue(word, colon: colon, space: space)
        return (index, value, space &+ 1)
    }

    /// `accumulate` over two records at once: their tokens are read in turns while both are in
    /// the common form, so the two chains of work overlap in the processor; each record then
    /// finishes on its own. Each sum is added in its own record's order, so each result is bit
    /// for bit what `accumulate` gives.
    @inline(__always)
    static func accumulatePair(
        _ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>,
        coefficients: UnsafeBufferPointer<Double>, dots: inout (Double, Double)
    ) -> (Bool, Bool) {
        guard let firstBase = first.baseAddress, let secondBase = second.baseAddress else {
            var previous = (0, 0)
            return (
                accumulate(first, from: 0, coefficients: coefficients, previous: &previous.0, dot: &dots.0),
                accumulate(second, from: 0, coefficients: coefficients, previous: &previous.1, dot: &dots.1)
            )
        }
        let weights = coefficients.baseAddress!
        let limit = coefficients.count
        var a = firstBase
        var b = secondBase
        let endA = firstBase + first.count
        let endB = secondBase + second.count
        var lastA = 0
        var lastB = 0
        var sumA = dots.0
        var sumB = dots.1
        while endA - a >= 8, endB - b >= 8 {
            let wordA = UnsafeRawPointer(a).loadUnaligned(as: UInt64.self)
            let wordB = UnsafeRawPointer(b).loadUnaligned(as: UInt64.self)
            guard let tokenA = oneWordToken(wordA), let tokenB = oneWordToken(wordB),
                tokenA.index > lastA, tokenA.index <= limit, tokenB.index > lastB, tokenB.index <= limit
            else { break }
            sumA += Double(tokenA.value) * weights[tokenA.index &- 1]
            sumB += Double(tokenB.value) * weights[tokenB.index &- 1]
            lastA = tokenA.index
            lastB = tokenB.index
            a += tokenA.length
            b += tokenB.length
        }
        let okA = accumulate(first, from: a - firstBase, coefficients: coefficients, previous: &lastA, dot: &sumA)
        let okB = accumulate(second, from: b - secondBase, coefficients: coefficients, previous: &lastB, dot: &sumB)
        dots = (sumA, sumB)
        return (okA, okB)
    }

    /// Whether `bytes[start..<end]` is a label the exact path reads as a number.
    @inline(__always)
    static func isPlainLabel(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        end > start && FastDouble.parse(UnsafeBufferPointer(rebasing: bytes[start..<end])) != nil
    }
}

/// One `index:value ` token of digits read with word arithmetic (no branch per byte).
enum SWARToken {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Bit mask of the bytes of `word` equal to `byte` (exact up to the first match).
    @inline(__always)
    static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs
    }

    /// A word whose byte `k` is nonzero when byte `k` of `word` is not an ASCII digit; exact up
    /// to and including the first byte that is not a digit (later bytes may be flagged wrongly).
    @inline(__always)
    static func nonDigits(_ word: UInt64) -> UInt64 {
        let t = word ^ 0x3030_3030_3030_3030
        return (t | (t &+ 0x0606_0606_0606_0606)) & 0xF0F0_F0F0_F0F0_F0F0
    }

    /// Byte `index` (0…7, first in memory is 0) of `word`.
    @inline(__always)
    static func byte(_ word: UInt64, _ index: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: word &>> UInt64(index &* 8))
    }

    /// Whether the low `count` bytes of `word` are all ASCII digits.
    @inline(__always)
    static func allDigits(_ word: UInt64, _ count: Int) -> Bool {
        let mask: UInt64 = (1 &<< UInt64(count &* 8)) &- 1
        let t = (word ^ 0x3030_3030_3030_3030) & mask
        return (t | (t &+ 0x0606_0606_0606_0606)) & 0xF0F0_F0F0_F0F0_F0F0 & mask == 0
    }

    /// Both numbers of a token `i:v ` held in `word`, with at most four digits each (`colon`
    /// and `space` are the byte positions of `:` and the space): the index digits are moved to
    /// the top of the low four bytes, the value digits to the top of the high four, and one
    /// multiply chain reads both halves at once.
    @inline(__always)
    static func indexAndValue(_ word: UInt64, colon: Int, space: Int) -> (index: Int, value: UInt64) {
        let indexHalf = (word &<< UInt64((4 &- colon) &* 8)) & 0xFFFF_FFFF
        let valueDigits = space &- colon &- 1
        let valueHalf = (word &<< UInt64((8 &- space) &* 8)) & (~UInt64(0) &<< UInt64((8 &- valueDigits) &* 8))
        var both = (indexHalf | valueHalf) & 0x0F0F_0F0F_0F0F_0F0F
        both = ((both &* 2561) &>> 8) & 0x00FF_00FF_00FF_00FF
        both = ((both &* 6_553_601) &>> 16) & 0x0000_FFFF_0000_FFFF
        return (Int(both & 0xFFFF), both &>> 32)
    }

    /// The number spelled by the low `count` (1…7) digit bytes of `word`, first byte most significant.
    @inline(__always)
    static func number(_ word: UInt64, _ count: Int) -> UInt64 {
        var value = (word &<< UInt64((8 &- count) &* 8)) & 0x0F0F_0F0F_0F0F_0F0F
        value = (value &* 2561) &>> 8
        value = ((value & 0x00FF_00FF_00FF_00FF) &* 6_553_601) &>> 16
        value = ((value & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) &>> 32
        return value
    }
}
