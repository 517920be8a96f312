import SluiceCore

/// A value written beside a model's keys in its JSON file (readers skip it), saying how the model
/// was made.
public enum ModelAnnotation: Sendable, Equatable {
    case string(String)
    case number(Double)
    case integer(Int)
}

extension ModelFormat {
    /// The JSON model file of `model` (`decodeJSON` reads it back to the same model, bit for bit):
    /// `intercept`, `coefficients`, `numFeatures` and `threshold` (`null` when cleared), then the
    /// `annotations` in order, as UTF-8 ending with a newline. Numbers are written in the
    /// shortest form that reads back to the same `Double`.
    ///
    /// Throws `MLError` of kind `badModel` when a coefficient or the intercept is not finite
    /// (JSON has no such numbers), or an annotation repeats a model key.
    public static func encodeJSON(
        _ model: LogisticRegressionModel, annotations: [(key: String, value: ModelAnnotation)] = []
    ) throws(MLError) -> [UInt8] {
        guard model.intercept.isFinite, model.coefficients.allSatisfy(\.isFinite) else {
            throw MLError(.badModel, "model: a coefficient or the intercept is not a finite number")
        }
        let modelKeys: Set<String> = ["intercept", "coefficients", "numFeatures", "threshold"]
        var keys = modelKeys
        for annotation in annotations {
            guard keys.insert(annotation.key).inserted else {
                throw MLError(.badModel, "model: key \"\(annotation.key)\" appears twice")
            }
        }
        if let threshold = model.threshold, !threshold.isFinite {
            throw MLError(.badModel, "model: the threshold is not a finite number")
        }
        var text = "{\"intercept\": \(number(model.intercept)),\n \"coefficients\": ["
        text += model.coefficients.map(number).joined(separator: ", ")
        text += "],\n \"numFeatures\": \(model.numFeatures),\n \"threshold\": "
        text += model.threshold.map(number) ?? "null"
        for (key, value) in annotations {
            text += ",\n \(JSONString.literal(key)): "
            switch value {
            case .string(let content): text += JSONString.literal(content)
            case .integer(let integer): text += String(integer)
            case .number(let double): text += double.isFinite ? number(double) : "null"
            }
        }
        text += "}\n"
        return Array(text.utf8)
    }

    /// A finite number in JSON: Swift's shortest round-trip form, which JSON's grammar accepts
    /// (`0.5`, `-0.0`, `1e-06`, `5e-324`).
    private static func number(_ value: Double) -> String {
        value.description
    }
}
