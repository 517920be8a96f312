import SluiceCore

/// The one error type of `SluiceML`: a LIBSVM record that cannot be read, a model that cannot be used,
/// or training that cannot start.
///
/// It has the shape of every Sluice error (`LocatedError`), without a position: records and models
/// are data, not script text.
public struct MLError: LocatedError, Equatable {
    /// What kind of problem this is.
    public enum Kind: String, Sendable {
        /// A LIBSVM record (`<label> <index>:<value> …`) that MLlib's `parseLibSVMRecord` would reject.
        case malformedRecord
        /// A model file that is not a valid Sluice logistic-regression model.
        case badModel
        /// Training data that cannot be trained on (a malformed line, no rows, labels that do not fit).
        case badTrainingData
        /// A training parameter out of its range.
        case badTrainingParameter
    }

    /// The kind of problem.
    public let kind: Kind
    /// One sentence saying what is wrong, naming the offending token or key.
    public let message: String

    /// Machine-learning errors are not about a spot in a script.
    public var span: SourceSpan? { nil }

    /// The message alone.
    public var description: String { message }

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}
