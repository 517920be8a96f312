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

    /// `text` with the secrets of the URLs in it masked: a password in user information
    /// (`scheme://user:password@host`, or a bare `user:password@host` as a driver may echo it)
    /// and the values of query parameters whose keys are secret (`?password=…`, `&token=…`).
    /// Text without `@` or `=` comes back unchanged.
    public static func maskingURLs(in text: String) -> String {
        guard text.contains("@") || text.contains("=") else { return text }
        var characters = Array(text)
        maskUserInfo(&characters)
        maskQueryValues(&characters)
        return String(characters)
    }

    /// Characters that end a URL's token.
    private static func endsToken(_ character: Character) -> Bool {
        character.isWhitespace || "'\"`()[]<>,;".contains(character)
    }

    /// Masks `password` in each `user:password@` of `characters`.
    private static func maskUserInfo(_ characters: inout [Character]) {
        var index = characters.count - 1
        while index > 0 {
            defer { index -= 1 }
            guard characters[index] == "@" else { continue }
            // Back to the token's start, a scheme's "//" or a "/" of a path (then it is no user information).
            var cursor = index - 1
            var colon: Int?
            while cursor >= 0, !endsToken(characters[cursor]), characters[cursor] != "/", characters[cursor] != "@" {
                if characters[cursor] == ":" { colon = cursor }
                cursor -= 1
            }
            guard let colon, colon + 1 < index, colon > cursor + 1 else { continue }
            characters.replaceSubrange((colon + 1)..<index, with: Array(mask))
            index = colon + 1
        }
    }

    /// Masks the value of each `key=value` after a `?`, `&` or `;` whose key is secret.
    private static func maskQueryValues(_ characters: inout [Character]) {
        var index = 0
        while index < characters.count {
            guard "?&;".contains(characters[index]) else {
                index += 1
                continue
            }
            var cursor = index + 1
            while cursor < characters.count, characters[cursor] != "=", !endsToken(characters[cursor]),
                !"?&".contains(characters[cursor])
            {
                cursor += 1
            }
            guard cursor < characters.count, characters[cursor] == "=",
                isSecret(String(characters[(index + 1)..<cursor]))
            else {
                index = max(cursor, index + 1)
                continue
            }
            var end = cursor + 1
            while end < characters.count, !endsToken(characters[end]), !"&#".contains(characters[end]) { end += 1 }
            if end > cursor + 1 {
                characters.replaceSubrange((cursor + 1)..<end, with: Array(mask))
                end = cursor + 1 + mask.count
            }
            index = end
        }
    }
}
