/// Helpers shared by `SignatureV1` and `SignatureV4`: header selection, lookup, ordering.
///
/// Only the strings to sign are built in this module; the HMAC-SHA1/SHA-256 computations live
/// with the crypto library binding.
enum RequestSigning {
    /// Whether a header (by lowercase name) is one of the `x-log-*`/`x-acs-*` headers both
    /// signature versions sign: every `x-acs-*`, and `x-log-*` except `x-log-meta-*` (as the
    /// python SDK's `Util._is_extra_sign_header`).
    static func isExtraSignHeader(_ lowercaseName: String) -> Bool {
        lowercaseName.hasPrefix("x-acs-")
            || (lowercaseName.hasPrefix("x-log-") && !lowercaseName.hasPrefix("x-log-meta-"))
    }

    /// The value of the first header named `lowercaseName`, compared case-insensitively.
    static func headerValue(_ lowercaseName: String, in headers: [(String, String)]) -> String? {
        headers.first(where: { $0.0.lowercased() == lowercaseName })?.1
    }

    /// Code-point (UTF-8 byte) order, as python's `sorted` on `str`; `String`'s own `<` compares
    /// by Unicode canonical equivalence instead.
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// Sorts `pairs` by key in code-point order; equal keys keep their input order.
    static func sortedByKey(_ pairs: [(String, String)]) -> [(String, String)] {
        pairs.enumerated().sorted { lhs, rhs in
            if !lhs.element.0.utf8.elementsEqual(rhs.element.0.utf8) {
                return precedes(lhs.element.0, rhs.element.0)
            }
            return lhs.offset < rhs.offset
        }.map { $0.element }
    }

    /// `text` without leading and trailing whitespace (python's `str.strip()`).
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
