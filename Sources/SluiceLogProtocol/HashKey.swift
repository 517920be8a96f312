/// A 128-bit point of the MD5 key space that shards partition, as SLS writes it: 32 hex digits.
public struct HashKey: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// The most significant 64 bits.
    public var high: UInt64
    /// The least significant 64 bits.
    public var low: UInt64

    /// The smallest key, `000…0`.
    public static let zero = HashKey(high: 0, low: 0)
    /// The largest key, `fff…f`.
    public static let max = HashKey(high: .max, low: .max)

    /// Creates a key from its two halves.
    ///
    /// - Parameters:
    ///   - high: The most significant 64 bits.
    ///   - low: The least significant 64 bits.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses exactly 32 hex digits, either case, most significant first.
    ///
    /// - Parameter hex: The key text, e.g. a PutLogs `key=` query value.
    public init?(hex: String) {
        let digits = hex.utf8
        guard digits.count == 32 else { return nil }
        var value: UInt128 = 0
        for digit in digits {
            guard let nibble = Self.nibble(digit) else { return nil }
            value = value << 4 | UInt128(nibble)
        }
        self.init(value)
    }

    /// Creates a key from 16 big-endian bytes, e.g. an MD5 digest.
    ///
    /// - Parameter bytes: Exactly 16 bytes.
    public init?(bigEndianBytes bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        var value: UInt128 = 0
        for byte in bytes {
            value = value << 8 | UInt128(byte)
        }
        self.init(value)
    }

    /// Creates a key from its 128-bit value.
    init(_ value: UInt128) {
        self.init(high: UInt64(truncatingIfNeeded: value >> 64), low: UInt64(truncatingIfNeeded: value))
    }

    /// The key as one 128-bit integer.
    var value: UInt128 { UInt128(high) << 64 | UInt128(low) }

    /// The key as 32 lowercase hex digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for half in [high, low] {
            for shift in stride(from: 60, through: 0, by: -4) {
                out.append(digits[Int(half >> UInt64(shift) & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The hex form.
    public var description: String { hex }

    /// Orders keys numerically.
    public static func < (lhs: HashKey, rhs: HashKey) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
