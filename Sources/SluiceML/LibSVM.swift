import SluiceCore

/// Reading LIBSVM records (`<label> <index>:<value> …`) the way MLlib's `parseLibSVMRecord` does.
///
/// The record is split on single separators and empty tokens after the first are dropped, so runs
/// of separators are one separator and trailing ones are ignored. The separator is the ASCII space;
/// tab, carriage return and line feed are tolerated as separators too. The first token is the label
/// (a number); every other token is `index:value` with a 1-based index (`[+]digits`, at most
/// `Int32.max`) and a number for the value (see `number(_:)`). Indices must be strictly ascending
/// and at most `numFeatures`. In the vector the indices are 0-based.
public enum LibSVM {
    /// Longest piece of a record quoted in an error message, in bytes.
    public static let quotedBytesMax = 40

    /// Reads one record (UTF-8, without its line terminator) for a model of `numFeatures` features.
    ///
    /// Throws `MLError` of kind `malformedRecord` for an empty record, a missing or bad label, a
    /// token without `:`, a bad index or value, index 0, indices not strictly ascending, or an index
    /// above `numFeatures`.
    public static func parse(
        _ line: UnsafeBufferPointer<UInt8>, numFeatures: Int
    ) throws(MLError) -> (label: Double, features: SparseVector) {
        var scanner = try LibSVMScanner(head: line, tail: LibSVM.noBytes, numFeatures: numFeatures)
        var indices: [Int32] = []
        var values: [Double] = []
        while let feature = try scanner.next() {
            indices.append(Int32(feature.index))
            values.append(feature.value)
        }
        return (scanner.label, SparseVector(size: numFeatures, indices: indices, values: values))
    }

    /// Reads one record held in a `String`; see `parse(_:numFeatures:)` on bytes.
    public static func parse(_ line: String, numFeatures: Int) throws(MLError) -> (
        label: Double, features: SparseVector
    ) {
        var line = line
        let result = line.withUTF8 { buffer in
            Result { () throws(MLError) -> (label: Double, features: SparseVector) in
                try parse(buffer, numFeatures: numFeatures)
            }
        }
        return try result.get()
    }

    /// No bytes: the missing second part of a record.
    static var noBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: nil, count: 0)
    }

    /// Whether `byte` separates tokens: space, and tolerated tab, carriage return and line feed.
    static func isSeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
            return true
        default:
            return false
        }
    }

    /// Whether `bytes` holds nothing but separators.
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy(isSeparator)
    }

    /// A `malformedRecord` error.
    static func malformed(_ message: String) -> MLError {
        MLError(.malformedRecord, "LIBSVM record: " + message)
    }

    /// `bytes` in double quotes for a message, cut to `quotedBytesMax` bytes.
    static func quoted(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let shown = String(decoding: bytes.prefix(quotedBytesMax), as: UTF8.self)
        return "\"" + shown + (bytes.count > quotedBytesMax ? "…\"" : "\"")
    }

    /// A label or feature value: a decimal number (`FastDouble`), or a word `Double(String)`
    /// spells (`inf`, `infinity`, `nan` in any case, with a sign).
    static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        if let value = FastDouble.parse(bytes) { return value }
        let afterSign = bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") ? 1 : 0
        // Only a word may still be a number; `Double(String)` would cut text at a NUL.
        guard afterSign < bytes.count, (bytes[afterSign] | 0x20) &- UInt8(ascii: "a") < 26, !bytes.contains(0) else {
            return nil
        }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    /// A 1-based feature index, `[+]digits` up to `Int32.max`, or `nil`.
    static func parseIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var position = 0
        if position < bytes.count, bytes[position] == UInt8(ascii: "+") {
            position += 1
        }
        guard position < bytes.count else { return nil }
        var value = 0
        while position < bytes.count {
            let digit = bytes[position] &- UInt8(ascii: "0")
            guard digit <= 9 else { return nil }
            value = value * 10 + Int(digit)
            guard value <= Int(Int32.max) else { return nil }
            position += 1
        }
        return value
    }
}

/// Walks one LIBSVM record token by token without allocating; shared by `LibSVM.parse` and the
/// model's fused prediction so that both accept and reject exactly the same records.
///
/// The record is `head`, or, when `tail` is not empty, `head + " " + tail` (the `concat_ws(" ",
/// label, features)` of the UDF's SQL) without building it: the joining space is a separator, so
/// no token spans the two parts.
struct LibSVMScanner {
    /// The record's label.
    let label: Double
    private let head: UnsafeBufferPointer<UInt8>
    private let tail: UnsafeBufferPointer<UInt8>
    private let numFeatures: Int
    private var inTail = false
    private var position: Int
    /// The last 1-based index read; 0 before the first.
    private var previous = 0

    /// Reads the label; throws when the record is empty or its label is missing or not a number.
    init(head: UnsafeBufferPointer<UInt8>, tail: UnsafeBufferPointer<UInt8>, numFeatures: Int) throws(MLError) {
        var end = 0
        while end < head.count, !LibSVM.isSeparator(head[end]) {
            end += 1
        }
        guard end > 0 else {
            if LibSVM.isBlank(head) && LibSVM.isBlank(tail) {
                throw LibSVM.malformed("the record is empty")
            }
            throw LibSVM.malformed("the record starts with a separator, so its label is missing")
        }
        let token = UnsafeBufferPointer(rebasing: head[0..<end])
        guard let label = LibSVM.number(token) else {
            throw LibSVM.malformed("bad label \(LibSVM.quoted(token))")
        }
        self.label = label
        self.head = head
        self.tail = tail
        self.numFeatures = numFeatures
        self.position = end
    }

    /// The next feature as a 0-based index and its value, or `nil` at the end of the record.
    mutating func next() throws(MLError) -> (index: Int, value: Double)? {
        while true {
            let buffer = inTail ? tail : head
            while position < buffer.count, LibSVM.isSeparator(buffer[position]) {
                position += 1
            }
            if position < buffer.count {
                let start = position
                while position < buffer.count, !LibSVM.isSeparator(buffer[position]) {
                    position += 1
                }
                return try feature(UnsafeBufferPointer(rebasing: buffer[start..<position]))
            }
            if inTail {
                return nil
            }
            inTail = true
            position = 0
        }
    }

    /// Checks one `index:value` token against the ones before it.
    private mutating func feature(_ token: UnsafeBufferPointer<UInt8>) throws(MLError) -> (index: Int, value: Double) {
        guard let colon = token.firstIndex(of: UInt8(ascii: ":")) else {
            throw LibSVM.malformed("feature \(LibSVM.quoted(token)) has no ':'")
        }
        guard let index = LibSVM.parseIndex(UnsafeBufferPointer(rebasing: token[..<colon])) else {
            throw LibSVM.malformed("bad feature index in \(LibSVM.quoted(token))")
        }
        guard let value = LibSVM.number(UnsafeBufferPointer(rebasing: token[(colon + 1)...])) else {
            throw LibSVM.malformed("bad feature value in \(LibSVM.quoted(token))")
        }
        guard index > 0 else {
            throw LibSVM.malformed("feature index 0 in \(LibSVM.quoted(token)); indices are one-based")
        }
        guard index > previous else {
            throw LibSVM.malformed(
                "feature index \(index) after \(previous); indices should be one-based and in ascending order")
        }
        guard index <= numFeatures else {
            throw LibSVM.malformed("feature index \(index) is above the model's \(numFeatures) features")
        }
        previous = index
        return (index - 1, value)
    }
}
