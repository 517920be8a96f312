import SluiceTestSupport
import Foundation
import SluiceML

/// The files under `Fixtures/`, copied from `/work/shared/data`.
enum Fixture {
    /// The URL of `Fixtures/<name>`, next to this file.
    static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    }

    /// The bytes of `Fixtures/<name>`.
    static func bytes(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: url(name)))
    }

    /// The lines of `sample_libsvm_data.txt`, without terminators.
    static func sampleLines() throws -> [String] {
        try String(decoding: bytes("sample_libsvm_data.txt"), as: UTF8.self)
            .split(separator: "\n").map(String.init)
    }

    /// The model of `lr_model.json`.
    static func model() throws -> LogisticRegressionModel {
        try ModelFormat.decodeJSON(bytes("lr_model.json"))
    }
}

/// The shared deterministic generator, under the name these tests use.
typealias TestRandom = SplitMix64

/// What a prediction came to: the bits of the result, or the error.
enum Outcome: Equatable, CustomStringConvertible {
    case value(UInt64)
    case error(MLError)

    init(_ body: () throws(MLError) -> Double) {
        switch Result(catching: body) {
        case .success(let value): self = .value(value.bitPattern)
        case .failure(let error): self = .error(error)
        }
    }

    var isError: Bool {
        if case .error = self {
            return true
        }
        return false
    }

    var description: String {
        switch self {
        case .value(let bits): return "value \(Double(bitPattern: bits))"
        case .error(let error): return "error \(error.kind): \(error.message)"
        }
    }
}

/// The error `body` throws, or `nil` when it returns.
func thrownError<T>(_ body: () throws -> T) -> MLError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error as? MLError
    }
}

/// Runs `body` on the UTF-8 bytes of `text`.
func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    var text = text
    return text.withUTF8(body)
}
