import SluiceCore

/// The scalar built-ins.
enum ScalarFunctions {
    static let all: [FunctionSignature] = strings + math + conditionals + times

    static let strings: [FunctionSignature] = [
        FunctionSignature(
            "concat_ws", arguments: 1...1, variadic: true,
            usage: "concat_ws(sep, str, …) - the strings joined by sep, NULLs skipped",
            typing: { arguments in
                var casts: [DataType] = []
                for (index, type) in arguments.enumerated() {
                    if case .array(.string) = type, index > 0 { casts.append(type); continue }
                    guard TypeCoercion.canImplicitlyCast(from: type, to: .string) else {
                        let what = index == 0 ? "a string separator" : "a string or array<string>"
                        return .mismatch(index: index, message: "expects \(what), got \(type.sqlName)")
                    }
                    casts.append(.string)
                }
                return .typed(result: .string, arguments: casts)
            }),
        FunctionSignature(
            "concat", arguments: 0...0, variadic: true, usage: "concat(str, …) - the strings concatenated; NULL if any is NULL",
            typing: Typings.fixed(.string, [.string])),
        FunctionSignature(
            "length", arguments: 1...1, usage: "length(str) - the number of characters", typing: Typings.fixed(.int, [.string])),
        FunctionSignature("lower", arguments: 1...1, usage: "lower(str) - lower case", typing: Typings.fixed(.string, [.string])),
        FunctionSignature("upper", arguments: 1...1, usage: "upper(str) - upper case", typing: Typings.fixed(.string, [.string])),
        FunctionSignature(
            "trim", arguments: 1...1, usage: "trim(str) - without leading and trailing spaces",
            typing: Typings.fixed(.string, [.string])),
        FunctionSignature("ltrim", arguments: 1...1, usage: "ltrim(str) - without leading spaces", typing: Typings.fixed(.string, [.string])),
        FunctionSignature("rtrim", arguments: 1...1, usage: "rtrim(str) - without trailing spaces", typing: Typings.fixed(.string, [.string])),
        FunctionSignature(
            "substring", arguments: 2...3, usage: "substring(str, pos[, len]) - len characters from 1-based pos",
            typing: Typings.fixed(.string, [.string, .int, .int])),
        FunctionSignature(
            "split_part", arguments: 3...3, usage: "split_part(str, delimiter, n) - the n-th (1-based) part of str",
            typing: Typings.fixed(.string, [.string, .string, .int])),
        FunctionSignature(
            "split", arguments: 2...3, usage: "split(str, regex[, limit]) - str split around matches of regex",
            typing: Typings.fixed(.array(.string), [.string, .string, .int])),
        FunctionSignature(
            "instr", arguments: 2...2, usage: "instr(str, substr) - 1-based position of substr in str, 0 if absent",
            typing: Typings.fixed(.int, [.string, .string])),
        FunctionSignature(
            "regexp_extract", arguments: 2...3, usage: "regexp_extract(str, regex[, group]) - the group of the first match",
            typing: Typings.fixed(.string, [.string, .string, .int])),
        FunctionSignature(
            "regexp_replace", arguments: 3...3, usage: "regexp_replace(str, regex, replacement) - every match replaced",
            typing: Typings.fixed(.string, [.string, .string, .string])),
    ]

    static let math: [FunctionSignature] = [
        FunctionSignature("abs", arguments: 1...1, usage: "abs(x) - absolute value", typing: Typings.numericSameType),
        FunctionSignature(
            "round", arguments: 1...2, usage: "round(x[, d]) - x rounded half-up to d decimal places",
            typing: Typings.numericSameType),
        FunctionSignature(
            "floor", arguments: 1...1, usage: "floor(x) - the largest integer not above x", typing: roundingToBigint),
        FunctionSignature(
            "ceil", arguments: 1...1, usage: "ceil(x) - the smallest integer not below x", typing: roundingToBigint),
        FunctionSignature("exp", arguments: 1...1, usage: "exp(x) - e to the power x", typing: Typings.fixed(.double, [.double])),
        FunctionSignature("ln", arguments: 1...1, usage: "ln(x) - natural logarithm", typing: Typings.fixed(.double, [.double])),
        FunctionSignature(
            "log", arguments: 1...2, usage: "log(base, x) - logarithm of x in base; log(x) - natural logarithm",
            typing: Typings.fixed(.double, [.double, .double])),
        FunctionSignature("log10", arguments: 1...1, usage: "log10(x) - base-10 logarithm", typing: Typings.fixed(.double, [.double])),
        FunctionSignature("log2", arguments: 1...1, usage: "log2(x) - base-2 logarithm", typing: Typings.fixed(.double, [.double])),
        FunctionSignature("pow", arguments: 2...2, usage: "pow(x, y) - x to the power y", typing: Typings.fixed(.double, [.double, .double])),
        FunctionSignature("sqrt", arguments: 1...1, usage: "sqrt(x) - square root", typing: Typings.fixed(.double, [.double])),
        FunctionSignature(
            "array", arguments: 1...1, variadic: true, usage: "array(a, b, …) - an array of the arguments",
            typing: Typings.arrayOfWidened),
        FunctionSignature(
            "named_struct", arguments: 2...2, variadic: true,
            usage: "named_struct(name1, value1, …) - a struct of the values, each field named by the constant string before it",
            typing: Typings.namedStructWithoutNames),
        FunctionSignature(
            "greatest", arguments: 2...2, variadic: true, usage: "greatest(a, b, …) - the largest, NULLs skipped",
            typing: Typings.widened(orderable: true)),
        FunctionSignature(
            "least", arguments: 2...2, variadic: true, usage: "least(a, b, …) - the smallest, NULLs skipped",
            typing: Typings.widened(orderable: true)),
    ]

    /// `floor` and `ceil`: bigint for integral and floating arguments, a decimal for decimals.
    static func roundingToBigint(_ arguments: [DataType]) -> FunctionSignature.Typing {
        guard let type = Typings.numeric(arguments[0]) else {
            return .mismatch(index: 0, message: "expects a number, got \(arguments[0].sqlName)")
        }
        if case .decimal(let precision, _) = type {
            return .typed(result: .decimal(precision: min(38, precision + 1), scale: 0), arguments: [type])
        }
        return .typed(result: .bigint, arguments: [type.isIntegral ? .bigint : .double])
    }

    static let conditionals: [FunctionSignature] = [
        FunctionSignature(
            "if", arguments: 3...3, usage: "if(cond, a, b) - a when cond is true, else b",
            typing: { arguments in
                guard arguments[0] == .boolean || arguments[0] == .null else {
                    return .mismatch(index: 0, message: "expects a boolean condition, got \(arguments[0].sqlName)")
                }
                guard let wider = TypeCoercion.widerType(arguments[1], arguments[2]) else {
                    return .mismatch(
                        index: 2,
                        message: "branches have no common type (\(arguments[1].sqlName), \(arguments[2].sqlName))")
                }
                return .typed(result: wider, arguments: [.boolean, wider, wider])
            }),
        FunctionSignature(
            "coalesce", arguments: 1...1, variadic: true, usage: "coalesce(a, …) - the first argument that is not NULL",
            typing: Typings.widened(orderable: false)),
        FunctionSignature(
            "nvl", arguments: 2...2, usage: "nvl(a, b) - a unless it is NULL, then b", typing: Typings.widened(orderable: false)),
        FunctionSignature(
            "nullif", arguments: 2...2, usage: "nullif(a, b) - NULL when a = b, else a",
            typing: { arguments in
                guard let common = TypeCoercion.comparisonType(arguments[0], arguments[1]) else {
                    return .mismatch(index: 1, message: "cannot compare \(arguments[0].sqlName) with \(arguments[1].sqlName)")
                }
                return .typed(result: arguments[0], arguments: [common, common])
            }),
    ]

    static let times: [FunctionSignature] = [
        FunctionSignature(
            "from_unixtime", arguments: 1...2,
            usage: "from_unixtime(seconds[, format]) - the time as text in the session time zone, 'yyyy-MM-dd HH:mm:ss' by default",
            typing: Typings.fixed(.string, [.bigint, .string])),
        FunctionSignature(
            "unix_timestamp", arguments: 0...2,
            usage: "unix_timestamp([time[, format]]) - seconds since the epoch of a timestamp or text; now without arguments",
            typing: { arguments in
                guard let first = arguments.first else { return .typed(result: .bigint, arguments: []) }
                let source: DataType = first == .timestamp || first == .date ? first : .string
                guard TypeCoercion.canImplicitlyCast(from: first, to: source) else {
                    return .mismatch(index: 0, message: "expects a timestamp, date or string, got \(first.sqlName)")
                }
                return Typings.fixed(.bigint, [source, .string])(arguments)
            }),
        FunctionSignature(
            "to_timestamp", arguments: 1...2, usage: "to_timestamp(text[, format]) - text read as a timestamp",
            typing: Typings.fixed(.timestamp, [.string, .string])),
        FunctionSignature(
            "date_format", arguments: 2...2, usage: "date_format(time, format) - the time as text in format",
            typing: Typings.fixed(.string, [.timestamp, .string])),
        FunctionSignature(
            "current_timestamp", arguments: 0...0, usage: "current_timestamp() - the time the query (or epoch) started",
            typing: Typings.fixed(.timestamp, [])),
        FunctionSignature(
            "current_date", arguments: 0...0, usage: "current_date() - the date the query (or epoch) started",
            typing: Typings.fixed(.date, [])),
    ]
}
