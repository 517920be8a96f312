/// Writes message heads: the request or status line and the header fields, with the framing
/// fields the sender owns.
enum HTTPSerializer {
    /// The head of `request`: `METHOD target HTTP/1.1`, `Host: defaultHost` when the request has
    /// no Host field, its fields except Content-Length and Transfer-Encoding, and the
    /// Content-Length of its body.
    static func requestHead(_ request: HTTPRequest, defaultHost: String) -> [UInt8] {
        var head: [UInt8] = []
        head.reserveCapacity(256)
        appendSanitized(request.method, to: &head)
        head.append(ASCII.space)
        appendSanitized(request.target, to: &head)
        head.append(contentsOf: " HTTP/1.1\r\n".utf8)
        if !request.headers.contains("Host") { appendField("Host", defaultHost, to: &head) }
        for field in request.headers where !isFraming(field.name) {
            appendField(field.name, field.value, to: &head)
        }
        appendField("Content-Length", String(request.body.count), to: &head)
        head.append(contentsOf: "\r\n".utf8)
        return head
    }

    /// Whether `name` is a field that frames the body, which the sender sets itself.
    private static func isFraming(_ name: String) -> Bool {
        ASCII.equalsIgnoringCase(name, "Content-Length") || ASCII.equalsIgnoringCase(name, "Transfer-Encoding")
    }

    /// Appends "name: value\r\n".
    private static func appendField(_ name: String, _ value: String, to head: inout [UInt8]) {
        appendSanitized(name, to: &head)
        head.append(contentsOf: ": ".utf8)
        appendSanitized(value, to: &head)
        head.append(contentsOf: "\r\n".utf8)
    }

    /// Appends `text` without CR, LF and NUL, so that a value cannot end its line early.
    private static func appendSanitized(_ text: String, to head: inout [UInt8]) {
        let utf8 = text.utf8
        if !utf8.contains(where: isLineBreaking) {
            head.append(contentsOf: utf8)
            return
        }
        for byte in utf8 where !isLineBreaking(byte) { head.append(byte) }
    }

    private static func isLineBreaking(_ byte: UInt8) -> Bool {
        byte == ASCII.cr || byte == ASCII.lf || byte == 0
    }
}
