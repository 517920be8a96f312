import SluiceCore

/// The name, arity and typing of a function; evaluation lives in the execution layer.
public struct FunctionSignature: Sendable {
    /// What role the function plays in a query.
    public enum Kind: Sendable, Equatable {
        /// One value per row.
        case scalar
        /// One value per group, with update/merge/evaluate.
        case aggregate
        /// `TUMBLING`, `HOPPING`, `window`: a group key that assigns rows to time windows.
        case window
        /// `delay(col)`: names the event-time column of a watermark in `WHERE`.
        case watermark
    }

    /// The result of typing a call.
    public enum Typing: Sendable, Equatable {
        /// The call's result type and the type each argument is cast to.
        case typed(result: DataType, arguments: [DataType])
        /// Argument `index` has a type the function does not take.
        case mismatch(index: Int, message: String)
    }

    /// The canonical, lower-case name.
    public let name: String
    /// The role in a query.
    public let kind: Kind
    /// Fewest arguments.
    public let minArguments: Int
    /// Most arguments; `nil` for any number.
    public let maxArguments: Int?
    /// One line of usage that `DESC FUNCTION` prints.
    public let usage: String
    /// Types a call from its argument types.
    public let typing: @Sendable ([DataType]) -> Typing

    /// Creates a signature.
    public init(
        _ name: String, kind: Kind = .scalar, arguments: ClosedRange<Int>, variadic: Bool = false, usage: String,
        typing: @escaping @Sendable ([DataType]) -> Typing
    ) {
        self.name = name
        self.kind = kind
        self.minArguments = arguments.lowerBound
        self.maxArguments = variadic ? nil : arguments.upperBound
        self.usage = usage
        self.typing = typing
    }

    /// Whether `count` arguments are accepted.
    public func accepts(argumentCount count: Int) -> Bool {
        count >= minArguments && (maxArguments.map { count <= $0 } ?? true)
    }

    /// The accepted argument counts, for messages: `2`, `1 or 2`, `1 to 3`, `at least 1`.
    public var arityText: String {
        guard let maximum = maxArguments else { return "at least \(minArguments)" }
        if maximum == minArguments { return "\(minArguments)" }
        if maximum == minArguments + 1 { return "\(minArguments) or \(maximum)" }
        return "\(minArguments) to \(maximum)"
    }
}

/// Building blocks for typing rules.
enum Typings {
    /// Each argument implicitly cast to the given type; the result fixed.
    static func fixed(_ result: DataType, _ parameters: [DataType]) -> @Sendable ([DataType]) -> FunctionSignature.Typing {
        { arguments in
            var casts: [DataType] = []
            for (index, argument) in arguments.enumerated() {
                let expected = parameters[min(index, parameters.count - 1)]
                guard TypeCoercion.canImplicitlyCast(from: argument, to: expected) else {
                    return .mismatch(index: index, message: "expects \(expected.sqlName), got \(argument.sqlName)")
                }
                casts.append(expected)
            }
            return .typed(result: result, arguments: casts)
        }
    }

    /// One numeric argument (strings read as double); the result has the argument's type.
    static func numericSameType(_ arguments: [DataType]) -> FunctionSignature.Typing {
        guard let type = numeric(arguments[0]) else {
            return .mismatch(index: 0, message: "expects a number, got \(arguments[0].sqlName)")
        }
        return .typed(result: type, arguments: [type] + arguments.dropFirst().map { _ in DataType.int })
    }

    /// A number type for `type`: itself when numeric, double for strings and NULL.
    static func numeric(_ type: DataType) -> DataType? {
        if type.isNumeric { return type }
        if type == .string || type == .null { return .double }
        return nil
    }

    /// All arguments widened to one type, which is the result.
    static func widened(orderable: Bool) -> @Sendable ([DataType]) -> FunctionSignature.Typing {
        { arguments in
            guard let wider = TypeCoercion.widerType(of: arguments) else {
                let names = arguments.map(\.sqlName).joined(separator: ", ")
                return .mismatch(index: 0, message: "arguments have no common type (\(names))")
            }
            if orderable && !wider.isOrderable {
                return .mismatch(index: 0, message: "\(wider.sqlName) values cannot be ordered")
            }
            return .typed(result: wider, arguments: arguments.map { _ in wider })
        }
    }

    /// `array(…)`: all arguments widened to one type; the result an array of it.
    static func arrayOfWidened(_ arguments: [DataType]) -> FunctionSignature.Typing {
        guard let wider = TypeCoercion.widerType(of: arguments) else {
            let names = arguments.map(\.sqlName).joined(separator: ", ")
            return .mismatch(index: 0, message: "arguments have no common type (\(names))")
        }
        return .typed(result: .array(wider), arguments: arguments.map { _ in wider })
    }

    /// `named_struct(…)` typed from argument types alone; the binder names the fields from the
    /// constant names (`Binder.bindNamedStruct`), so this is only a fallback.
    static func namedStructWithoutNames(_ arguments: [DataType]) -> FunctionSignature.Typing {
        guard arguments.count % 2 == 0 else {
            return .mismatch(index: arguments.count - 1, message: "expects name and value pairs")
        }
        let fields = stride(from: 1, to: arguments.count, by: 2).map {
            StructField(name: "col\($0 / 2 + 1)", type: arguments[$0])
        }
        return .typed(result: .struct(fields), arguments: arguments)
    }
}
