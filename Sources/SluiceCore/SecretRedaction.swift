/// Spark's redaction of secrets (`spark.redaction.regex` = `(?i)secret|password|token|access[.]key`):
/// option values under such keys never reach output, messages or echoed source lines.
public enum SecretRedaction {
    /// What a redacted value prints as.
    public static let mask = "*********(redacted)"

    /// Whether the value of option `key` is hidden.
    public static func isSecret(_ key: String) -> Bool {
        let lower = key.lowercased()
        return ["secret", "password", "token", "access.key"].contains { lower.contains($0) }
    }

    /// `line` with the quoted value after each secret key (`key = 'v'`, `key="v"`) masked.
    public static func maskingValues(in line: String) -> String {
        var characters = Array(line)
        var index = 0
        while index < characters.count {
            // Find a run of key characters.
            guard characters[index].isLetter || characters[index] == "_" else {
                index += 1
                continue
            }
            let keyStart = index
            while index < characters.count,
                characters[index].isLetter || characters[index].isNumber || characters[index] == "_"
                    || characters[index] == "."
            {
                index += 1
            }
            let key = String(characters[keyStart..<index])
            guard isSecret(key) else { continue }
            var cursor = index
            while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
            if cursor < characters.count, characters[cursor] == "=" { cursor += 1 }
            while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
            guard cursor < characters.count, characters[cursor] == "'" || characters[cursor] == "\"" else { continue }
            let quote = characters[cursor]
            guard let close = characters[(cursor + 1)...].firstIndex(of: quote) else { continue }
            characters.replaceSubrange((cursor + 1)..<close, with: Array(mask))
            index = cursor + 1 + mask.count + 1
        }
        return String(characters)
    }
}
