import SluiceCore

/// The aggregate built-ins. Their states and merge rules live in the execution layer.
enum AggregateFunctions {
    static let all: [FunctionSignature] = [
        FunctionSignature(
            "sum", kind: .aggregate, arguments: 1...1, usage: "sum(x) - the sum of the non-NULL values",
            typing: { arguments in
                guard let type = Typings.numeric(arguments[0]) else {
                    return .mismatch(index: 0, message: "expects a number, got \(arguments[0].sqlName)")
                }
                switch type {
                case .decimal(let precision, let scale):
                    return .typed(result: .decimal(precision: min(38, precision + 10), scale: scale), arguments: [type])
                case let t where t.isIntegral:
                    return .typed(result: .bigint, arguments: [.bigint])
                default:
                    return .typed(result: .double, arguments: [.double])
                }
            }),
        FunctionSignature(
            "count", kind: .aggregate, arguments: 1...1, variadic: true,
            usage: "count(*) - the number of rows; count(x, …) - rows where no x is NULL; count(DISTINCT x, …)",
            typing: { arguments in .typed(result: .bigint, arguments: arguments) }),
        FunctionSignature(
            "avg", kind: .aggregate, arguments: 1...1, usage: "avg(x) - the mean of the non-NULL values",
            typing: { arguments in
                guard let type = Typings.numeric(arguments[0]) else {
                    return .mismatch(index: 0, message: "expects a number, got \(arguments[0].sqlName)")
                }
                if case .decimal(let precision, let scale) = type {
                    let result = DataType.decimal(precision: min(38, precision + 4), scale: min(38, scale + 4))
                    return .typed(result: result, arguments: [type])
                }
                return .typed(result: .double, arguments: [.double])
            }),
        FunctionSignature(
            "min", kind: .aggregate, arguments: 1...1, usage: "min(x) - the smallest non-NULL value",
            typing: Typings.widened(orderable: true)),
        FunctionSignature(
            "max", kind: .aggregate, arguments: 1...1, usage: "max(x) - the largest non-NULL value",
            typing: Typings.widened(orderable: true)),
        FunctionSignature(
            "first", kind: .aggregate, arguments: 1...2,
            usage: "first(x[, ignoreNulls]) - the first value in arrival order", typing: firstOrLast),
        FunctionSignature(
            "last", kind: .aggregate, arguments: 1...2,
            usage: "last(x[, ignoreNulls]) - the last value in arrival order", typing: firstOrLast),
        FunctionSignature(
            "stddev", kind: .aggregate, arguments: 1...1, usage: "stddev(x) - the sample standard deviation",
            typing: Typings.fixed(.double, [.double])),
        FunctionSignature(
            "stddev_pop", kind: .aggregate, arguments: 1...1, usage: "stddev_pop(x) - the population standard deviation",
            typing: Typings.fixed(.double, [.double])),
        FunctionSignature(
            "variance", kind: .aggregate, arguments: 1...1, usage: "variance(x) - the sample variance",
            typing: Typings.fixed(.double, [.double])),
        FunctionSignature(
            "var_pop", kind: .aggregate, arguments: 1...1, usage: "var_pop(x) - the population variance",
            typing: Typings.fixed(.double, [.double])),
    ]

    private static func firstOrLast(_ arguments: [DataType]) -> FunctionSignature.Typing {
        if arguments.count == 2, arguments[1] != .boolean {
            return .mismatch(index: 1, message: "expects a boolean ignoreNulls, got \(arguments[1].sqlName)")
        }
        return .typed(result: arguments[0], arguments: arguments)
    }
}

/// `TUMBLING`, `HOPPING`, `window()` and `delay()`: typed here, given meaning by the binder.
enum WindowFunctions {
    static let all: [FunctionSignature] = [
        FunctionSignature(
            "tumbling", kind: .window, arguments: 2...2,
            usage: "TUMBLING(time, interval) - in GROUP BY: fixed, non-overlapping windows aligned to the epoch, "
                + "as struct<start,end>",
            typing: windowTyping),
        FunctionSignature(
            "hopping", kind: .window, arguments: 3...3,
            usage: "HOPPING(time, size, slide) - in GROUP BY: windows of size starting every slide",
            typing: windowTyping),
        FunctionSignature(
            "window", kind: .window, arguments: 2...3,
            usage: "window(time, '10 seconds'[, '5 seconds']) - in GROUP BY: Spark's tumbling or sliding windows",
            typing: windowTyping),
        FunctionSignature(
            "delay", kind: .watermark, arguments: 1...1,
            usage: "delay(time) < '2 minutes' - in WHERE: a watermark of the largest time seen minus 2 minutes",
            typing: { arguments in
                guard arguments[0] == .timestamp else {
                    return .mismatch(index: 0, message: "expects a timestamp column, got \(arguments[0].sqlName)")
                }
                return .typed(result: .interval, arguments: [.timestamp])
            }),
    ]

    private static func windowTyping(_ arguments: [DataType]) -> FunctionSignature.Typing {
        guard TypeCoercion.canImplicitlyCast(from: arguments[0], to: .timestamp) else {
            return .mismatch(index: 0, message: "expects a timestamp, got \(arguments[0].sqlName)")
        }
        for index in 1..<arguments.count where arguments[index] != .interval && arguments[index] != .string {
            return .mismatch(
                index: index, message: "expects an interval such as interval 10 second, got \(arguments[index].sqlName)")
        }
        return .typed(result: .window, arguments: [.timestamp] + arguments.dropFirst())
    }
}
