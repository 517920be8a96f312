import SluiceML
import Testing

@Suite struct ModelFormatTests {
    static func decode(_ json: String) throws(MLError) -> LogisticRegressionModel {
        try ModelFormat.decodeJSON(Array(json.utf8))
    }

    @Test func defaultsApplyToMissingKeys() throws {
        let model = try Self.decode(#"{"coefficients":[1,-2.5e-3]}"#)
        #expect(model == LogisticRegressionModel(intercept: 0, coefficients: [1, -0.0025], threshold: 0.5))
        #expect(model.numFeatures == 2)
        let empty = try Self.decode(#" { "coefficients" : [ ] } "#)
        #expect(empty.numFeatures == 0)
    }

    @Test func nullThresholdIsCleared() throws {
        let model = try Self.decode(#"{"coefficients": [1], "threshold": null, "intercept": -0.5}"#)
        #expect(model.threshold == nil)
        #expect(model.intercept == -0.5)
        let set = try Self.decode(#"{"threshold": 0.7, "coefficients": [1]}"#)
        #expect(set.threshold == 0.7)
    }

    @Test func unknownKeysAreSkippedAndEscapesDecoded() throws {
        let json = #"""
            {
              "meta": {"a": [1, {"b": "\u00e9\"\\\/\b\f\n\r\t"}, []], "c": null, "d": true, "e": false,
                       "f": -0.5e+3, "g": "\ud83d\ude00 \ud800 x", "h": {}},
              "\u0069ntercept": -1.5,
              "\u0074hreshold": 0.25,
              "coefficients": [ 1 , 2E2 , -0 ],
              "numFeatures": 3,
              "trainer": "anything"
            }
            """#
        let model = try Self.decode(json)
        #expect(model.intercept == -1.5)
        #expect(model.threshold == 0.25)
        #expect(model.coefficients == [1, 200, 0])
        #expect(model.numFeatures == 3)
    }

    /// Strings decode as the JSON-lines reader decodes them: `\'` is an apostrophe (this reader
    /// refused it before the two shared one decoder), and a `\u` cut by the end is unterminated.
    @Test func apostropheEscapeIsAccepted() throws {
        let model = try Self.decode(#"{"it\'s": "\'", "\u0069ntercept": 2, "coefficients": [1]}"#)
        #expect(model.intercept == 2)
        let error = thrownError { try Self.decode(#"{"x": "\u00"#) }
        #expect(error?.message.contains("unterminated string") == true)
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = ModelFormat.nestingDepthMax - 1  // the model object is one level
        let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let accepted = try Self.decode(#"{"x": "# + nested + #", "coefficients": [1]}"#)
        #expect(accepted.numFeatures == 1)
        let tooDeep = "[" + nested + "]"
        let error = thrownError { try Self.decode(#"{"x": "# + tooDeep + #", "coefficients": [1]}"#) }
        #expect(error?.kind == .badModel)
        #expect(error?.message.contains("nested deeper") == true, "\(error?.message ?? "no error")")
    }

    @Test(arguments: [
        ("", "a model is a JSON object"),
        ("[1]", "a model is a JSON object"),
        ("{}", "\"coefficients\" is missing"),
        (#"{"intercept": 1}"#, "\"coefficients\" is missing"),
        (#"{"coefficients": [1, "x"]}"#, "\"coefficients\" must be an array of numbers"),
        (#"{"coefficients": {}}"#, "\"coefficients\" must be an array of numbers"),
        (#"{"coefficients": 1}"#, "\"coefficients\" must be an array of numbers"),
        (#"{"coefficients": [1,]}"#, "\"coefficients\" must be an array of numbers"),
        (#"{"coefficients": [1 2]}"#, "\"coefficients\" must be an array of numbers"),
        (#"{"coefficients": [01]}"#, "\"coefficients\" must be an array of numbers"),
        (#"{"coefficients": [1e999]}"#, "\"coefficients\" must be a finite number"),
        (#"{"coefficients": [-]}"#, "malformed number"),
        (#"{"coefficients": [1.]}"#, "malformed number"),
        (#"{"coefficients": [1e+]}"#, "malformed number"),
        (#"{"coefficients": [1, 2], "numFeatures": 3}"#, "\"numFeatures\" is 3 but \"coefficients\" has 2 entries"),
        (#"{"numFeatures": 1.5, "coefficients": [1]}"#, "\"numFeatures\" must be a non-negative integer"),
        (#"{"numFeatures": -1, "coefficients": [1]}"#, "\"numFeatures\" must be a non-negative integer"),
        (#"{"numFeatures": "1", "coefficients": [1]}"#, "\"numFeatures\" must be a non-negative integer"),
        (#"{"coefficients": [1], "intercept": "a"}"#, "\"intercept\" must be a number"),
        (#"{"coefficients": [1], "intercept": null}"#, "\"intercept\" must be a number"),
        (#"{"coefficients": [1], "threshold": "0.5"}"#, "\"threshold\" must be a number or null"),
        (#"{"coefficients": [1], "threshold": true}"#, "\"threshold\" must be a number or null"),
        (#"{"coefficients": [1], "coefficients": [2]}"#, "key \"coefficients\" appears twice"),
        (#"{"coefficients": [1]"#, "expected ',' or '}'"),
        (#"{"coefficients": [1]} x"#, "unexpected content after the model object"),
        (#"{"coefficients": [1]}}"#, "unexpected content after the model object"),
        (#"{'coefficients': [1]}"#, "expected a string"),
        (#"{"coefficients" [1]}"#, "expected ':'"),
        (#"{"x": tru, "coefficients": [1]}"#, "unknown word"),
        (#"{"x": nul, "coefficients": [1]}"#, "unknown word"),
        (#"{"x": [1, 2, "coefficients": [1]}"#, "expected ',' or ']'"),
        (#"{"x": {"a" 1}, "coefficients": [1]}"#, "expected ':'"),
        (#"{"x": @, "coefficients": [1]}"#, "unexpected character"),
        (#"{"x": "\q", "coefficients": [1]}"#, "unknown escape"),
        (#"{"x": "\u12", "coefficients": [1]}"#, "bad \\u escape"),
        (#"{"x": "abc"#, "unterminated string"),
        ("{\"x\": \"a\tb\", \"coefficients\": [1]}", "control character"),
    ])
    func badModelsAreRejected(json: String, expected: String) {
        let error = thrownError { try Self.decode(json) }
        #expect(error?.kind == .badModel, "\(json)")
        #expect(error?.message.contains(expected) == true, "\(json): \(error?.message ?? "no error")")
    }
}
