import SluiceCore

/// Sluice's JSON model format: one object with
///
/// * `coefficients` (required): array of numbers; `coefficients[i]` applies to LIBSVM index `i + 1`;
/// * `numFeatures`: integer equal to the number of coefficients (that number when missing);
/// * `intercept`: number (0 when missing);
/// * `threshold`: number, or `null` for a cleared threshold (probabilities); 0.5 when missing.
///
/// Other keys are skipped whatever their value. Numbers must be finite.
public enum ModelFormat {
    /// Deepest nesting of arrays and objects accepted in the file, the model object included.
    public static let nestingDepthMax = 64

    /// Decodes a model file (UTF-8 JSON); throws `MLError` of kind `badModel` naming the key or
    /// the spot that is wrong.
    public static func decodeJSON(_ bytes: [UInt8]) throws(MLError) -> LogisticRegressionModel {
        try bytes.withUnsafeBufferPointer {
            (buffer: UnsafeBufferPointer<UInt8>) throws(MLError) -> LogisticRegressionModel in
            var reader = JSONReader(buffer)
            return try reader.readModel()
        }
    }
}

/// A small JSON reader over bytes: just enough for `ModelFormat`.
struct JSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads the whole input as one model object.
    mutating func readModel() throws(MLError) -> LogisticRegressionModel {
        var intercept = 0.0
        var coefficients: [Double]?
        var numFeatures: Int?
        var threshold: Double? = LogisticRegressionModel.defaultThreshold
        var keysSeen: Set<String> = []

        skipWhitespace()
        guard consume(UInt8(ascii: "{")) else {
            throw failure("a model is a JSON object")
        }
        skipWhitespace()
        if !consume(UInt8(ascii: "}")) {
            while true {
                skipWhitespace()
                let key = try readString()
                guard keysSeen.insert(key).inserted else {
                    throw failure("key \"\(key)\" appears twice")
                }
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                skipWhitespace()
                switch key {
                case "intercept":
                    intercept = try readNumber(key: key, expected: "a number")
                case "coefficients":
                    coefficients = try readNumberArray(key: key)
                case "numFeatures":
                    numFeatures = try readCount(key: key)
                case "threshold":
                    if consumeWord("null") {
                        threshold = nil
                    } else {
                        threshold = try readNumber(key: key, expected: "a number or null")
                    }
                default:
                    try skipValue(depth: 2)
                }
                skipWhitespace()
                if consume(UInt8(ascii: ",")) {
                    continue
                }
                guard consume(UInt8(ascii: "}")) else {
                    throw failure("expected ',' or '}' in the model object")
                }
                break
            }
        }
        skipWhitespace()
        guard position == bytes.count else {
            throw failure("unexpected content after the model object")
        }

        guard let coefficients else {
            throw MLError(.badModel, "model: \"coefficients\" is missing")
        }
        if let numFeatures, numFeatures != coefficients.count {
            throw MLError(
                .badModel,
                "model: \"numFeatures\" is \(numFeatures) but \"coefficients\" has \(coefficients.count) entries")
        }
        return LogisticRegressionModel(intercept: intercept, coefficients: coefficients, threshold: threshold)
    }

    // MARK: Values the model uses

    /// A finite JSON number, the value of `key`.
    private mutating func readNumber(key: String, expected: String) throws(MLError) -> Double {
        guard let byte = peek(), byte == UInt8(ascii: "-") || isDigit(byte) else {
            throw failure("\"\(key)\" must be \(expected)")
        }
        let value = try readNumberToken()
        guard value.isFinite else {
            throw failure("\"\(key)\" must be a finite number")
        }
        return value
    }

    /// An array of finite numbers, the value of `key`.
    private mutating func readNumberArray(key: String) throws(MLError) -> [Double] {
        guard consume(UInt8(ascii: "[")) else {
            throw failure("\"\(key)\" must be an array of numbers")
        }
        var values: [Double] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) {
            return values
        }
        while true {
            skipWhitespace()
            values.append(try readNumber(key: key, expected: "an array of numbers"))
            skipWhitespace()
            if consume(UInt8(ascii: ",")) {
                continue
            }
            guard consume(UInt8(ascii: "]")) else {
                throw failure("\"\(key)\" must be an array of numbers: expected ',' or ']'")
            }
            return values
        }
    }

    /// A non-negative integral number no larger than `Int32.max`, the value of `key`.
    private mutating func readCount(key: String) throws(MLError) -> Int {
        let value = try readNumber(key: key, expected: "a non-negative integer")
        guard value >= 0, value <= Double(Int32.max), value.rounded(.towardZero) == value else {
            throw failure("\"\(key)\" must be a non-negative integer up to \(Int32.max)")
        }
        return Int(value)
    }

    // MARK: JSON syntax

    /// Skips any JSON value, checking its syntax; `depth` is the nesting of arrays and objects it
    /// would open.
    private mutating func skipValue(depth: Int) throws(MLError) {
        guard let byte = peek() else {
            throw failure("a value is missing")
        }
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth <= ModelFormat.nestingDepthMax else {
                throw failure("values are nested deeper than \(ModelFormat.nestingDepthMax)")
            }
            let isObject = byte == UInt8(ascii: "{")
            let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            position += 1
            skipWhitespace()
            if consume(close) {
                return
            }
            while true {
                skipWhitespace()
                if isObject {
                    _ = try readString()
                    skipWhitespace()
                    try expect(UInt8(ascii: ":"))
                    skipWhitespace()
                }
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if consume(UInt8(ascii: ",")) {
                    continue
                }
                guard consume(close) else {
                    throw failure(isObject ? "expected ',' or '}'" : "expected ',' or ']'")
                }
                return
            }
        case UInt8(ascii: "\""):
            _ = try readString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            let word: StaticString = byte == UInt8(ascii: "t") ? "true" : byte == UInt8(ascii: "f") ? "false" : "null"
            guard consumeWord(word) else {
                throw failure("unknown word")
            }
        default:
            guard byte == UInt8(ascii: "-") || isDigit(byte) else {
                throw failure("unexpected character")
            }
            _ = try readNumberToken()
        }
    }

    /// A number with JSON's grammar: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private mutating func readNumberToken() throws(MLError) -> Double {
        let start = position
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            // A leading zero stands alone.
        } else {
            guard skipDigits() else {
                throw failure("malformed number")
            }
        }
        if consume(UInt8(ascii: ".")) {
            guard skipDigits() else {
                throw failure("malformed number")
            }
        }
        if let byte = peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            position += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                position += 1
            }
            guard skipDigits() else {
                throw failure("malformed number")
            }
        }
        guard let value = FastDouble.parse(UnsafeBufferPointer(rebasing: bytes[start..<position])) else {
            throw failure("malformed number")
        }
        return value
    }

    /// A JSON string, escapes decoded by `JSONString` (lone surrogates become U+FFFD).
    private mutating func readString() throws(MLError) -> String {
        guard consume(UInt8(ascii: "\"")) else {
            throw failure("expected a string")
        }
        let start = position
        var escaped = false
        while true {
            guard let byte = peek() else {
                throw failure("unterminated string")
            }
            if byte == UInt8(ascii: "\"") {
                break
            }
            if byte == UInt8(ascii: "\\") {
                guard let length = JSONString.escapeLength(bytes, at: position) else {
                    throw escapeFailure()
                }
                escaped = true
                position += length
                continue
            }
            guard byte >= 0x20 else {
                throw failure("control character in string")
            }
            position += 1
        }
        let content = UnsafeBufferPointer(rebasing: bytes[start..<position])
        position += 1
        guard escaped else {
            return String(decoding: content, as: UTF8.self)
        }
        var utf8: [UInt8] = []
        JSONString.decode(content, into: &utf8)
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Why the escape at the current position is wrong.
    private func escapeFailure() -> MLError {
        switch peek(at: 1) {
        case nil: return failure("unterminated string")
        case UInt8(ascii: "u"):
            // Hex digits up to the end of the input: the string is cut short, not malformed.
            let digits = bytes[(position + 2)...].prefix(4)
            let cutShort =
                digits.count < 4
                && digits.allSatisfy { isDigit($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0 | 0x20) }
            return failure(cutShort ? "unterminated string" : "bad \\u escape in string")
        default: return failure("unknown escape in string")
        }
    }

    // MARK: Bytes

    /// The byte at the current position plus `offset`, if any.
    private func peek(at offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    /// Consumes `byte` if it is next.
    private mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else {
            return false
        }
        position += 1
        return true
    }

    /// Consumes `word` if it is next.
    private mutating func consumeWord(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else {
            return false
        }
        let matches = word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[position + $0] == expected[$0] }
        }
        if matches {
            position += count
        }
        return matches
    }

    /// Consumes `byte`, or throws saying it was expected.
    private mutating func expect(_ byte: UInt8) throws(MLError) {
        guard consume(byte) else {
            throw failure("expected '\(Character(Unicode.Scalar(byte)))'")
        }
    }

    /// Consumes a run of digits; whether there was at least one.
    private mutating func skipDigits() -> Bool {
        let start = position
        while let byte = peek(), isDigit(byte) {
            position += 1
        }
        return position > start
    }

    /// Skips JSON whitespace (space, tab, line feed, carriage return: LIBSVM's separators).
    private mutating func skipWhitespace() {
        while let byte = peek(), LibSVM.isSeparator(byte) {
            position += 1
        }
    }

    /// Whether `byte` is an ASCII digit.
    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// A `badModel` error at the current position.
    private func failure(_ message: String) -> MLError {
        MLError(.badModel, "model: \(message) (at byte \(position))")
    }
}
