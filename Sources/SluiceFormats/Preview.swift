/// A short quotation of a value for a message: at most `previewBytesMax` bytes of it.
func preview(_ text: UnsafeBufferPointer<UInt8>) -> String {
    let previewBytesMax = 64
    if text.count <= previewBytesMax { return String(decoding: text, as: UTF8.self) }
    return String(decoding: UnsafeBufferPointer(rebasing: text[0..<previewBytesMax]), as: UTF8.self) + "…"
}
