/// The ASCII bytes the text readers and value parsers look for. Constants the compiler folds
/// into callers of any module.
public enum Byte {
    @inlinable public static var tab: UInt8 { 0x09 }
    @inlinable public static var newline: UInt8 { 0x0A }
    @inlinable public static var carriageReturn: UInt8 { 0x0D }
    @inlinable public static var space: UInt8 { 0x20 }
    @inlinable public static var quote: UInt8 { 0x22 }
    @inlinable public static var hash: UInt8 { 0x23 }
    @inlinable public static var apostrophe: UInt8 { 0x27 }
    @inlinable public static var plus: UInt8 { 0x2B }
    @inlinable public static var comma: UInt8 { 0x2C }
    @inlinable public static var minus: UInt8 { 0x2D }
    @inlinable public static var dot: UInt8 { 0x2E }
    @inlinable public static var slash: UInt8 { 0x2F }
    @inlinable public static var zero: UInt8 { 0x30 }
    @inlinable public static var nine: UInt8 { 0x39 }
    @inlinable public static var colon: UInt8 { 0x3A }
    @inlinable public static var equals: UInt8 { 0x3D }
    @inlinable public static var upperA: UInt8 { 0x41 }
    @inlinable public static var upperF: UInt8 { 0x46 }
    @inlinable public static var upperI: UInt8 { 0x49 }
    @inlinable public static var upperN: UInt8 { 0x4E }
    @inlinable public static var upperT: UInt8 { 0x54 }
    @inlinable public static var upperZ: UInt8 { 0x5A }
    @inlinable public static var openBracket: UInt8 { 0x5B }
    @inlinable public static var backslash: UInt8 { 0x5C }
    @inlinable public static var closeBracket: UInt8 { 0x5D }
    @inlinable public static var lowerA: UInt8 { 0x61 }
    @inlinable public static var lowerB: UInt8 { 0x62 }
    @inlinable public static var lowerE: UInt8 { 0x65 }
    @inlinable public static var lowerF: UInt8 { 0x66 }
    @inlinable public static var lowerN: UInt8 { 0x6E }
    @inlinable public static var lowerR: UInt8 { 0x72 }
    @inlinable public static var lowerT: UInt8 { 0x74 }
    @inlinable public static var lowerU: UInt8 { 0x75 }
    @inlinable public static var lowerZ: UInt8 { 0x7A }
    @inlinable public static var openBrace: UInt8 { 0x7B }
    @inlinable public static var closeBrace: UInt8 { 0x7D }

    /// `byte` with ASCII upper-case letters lowered; other bytes unchanged.
    @inlinable @inline(__always)
    public static func lowered(_ byte: UInt8) -> UInt8 {
        byte &- upperA < 26 ? byte | 0x20 : byte
    }

    /// Whether `text` equals `word`, byte for byte.
    @inlinable
    public static func matches(_ text: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        word.withUTF8Buffer { $0.elementsEqual(text) }
    }

    /// Whether the `count` bytes of `text` at `first` equal those at `second`, eight at a time.
    @inlinable @inline(__always)
    public static func equal(_ text: UnsafeBufferPointer<UInt8>, _ first: Int, _ second: Int, count: Int) -> Bool {
        guard let base = text.baseAddress else { return count == 0 }
        let a = UnsafeRawPointer(base + first)
        let b = UnsafeRawPointer(base + second)
        var offset = 0
        while offset + 8 <= count {
            if a.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != b.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
                return false
            }
            offset += 8
        }
        while offset < count {
            if a.load(fromByteOffset: offset, as: UInt8.self) != b.load(fromByteOffset: offset, as: UInt8.self) { return false }
            offset += 1
        }
        return true
    }
}
