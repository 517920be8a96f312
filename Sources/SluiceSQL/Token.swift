import SluiceCore

/// One lexical token with its span in the statement text.
public struct Token: Sendable, Equatable {
    /// The kinds of token.
    public enum Kind: Sendable, Equatable {
        /// A bare word: keyword or identifier (the parser decides, case-insensitively).
        case word
        /// A backtick-quoted identifier; `text` holds the name without backticks.
        case quotedIdentifier
        /// A string literal; `text` holds the value with escapes resolved.
        case string
        /// An integer literal; `text` holds the digits and any suffix (`L`, `S`, `Y`).
        case integer
        /// A literal with a point or exponent; `text` holds it as written (with `D`/`BD`/`F` suffix).
        case decimal
        /// Punctuation or an operator; `text` holds it.
        case symbol
        /// The end of the input.
        case end
    }

    /// The token's kind.
    public let kind: Kind
    /// See `Kind` for what each kind keeps here.
    public let text: String
    /// Where the token is.
    public let span: SourceSpan

    /// Creates a token.
    public init(_ kind: Kind, _ text: String, _ span: SourceSpan) {
        self.kind = kind
        self.text = text
        self.span = span
    }

    /// Whether this is the bare word `keyword`, ignoring case.
    public func isWord(_ keyword: String) -> Bool {
        kind == .word && text.count == keyword.count && text.uppercased() == keyword
    }

    /// Whether this is the symbol `symbol`.
    public func isSymbol(_ symbol: String) -> Bool {
        kind == .symbol && text == symbol
    }

    /// The token as a message quotes it.
    public var display: String {
        switch kind {
        case .end: return "end of input"
        case .string: return "string '\(text)'"
        case .quotedIdentifier: return "`\(text)`"
        default: return "'\(text)'"
        }
    }
}
