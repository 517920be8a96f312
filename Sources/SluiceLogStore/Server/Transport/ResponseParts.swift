import NIOCore
import NIOHTTP1
import SluiceHTTP

/// Turning a handler's `HTTPResponse` into what NIO writes: the head with the framing fields the
/// server owns, and the body as buffers and file regions (groups sent from segment files by
/// `sendfile`, with their framing between them). Runs on the connection's event loop.
enum ResponseParts {
    /// The response head: the handler's status and fields, plus `Content-Length` and, when the
    /// connection closes after it (or stays open under HTTP/1.0), `Connection`.
    static func head(
        _ response: SluiceHTTP.HTTPResponse, contentLength: Int, closing: Bool, version: NIOHTTP1.HTTPVersion
    ) -> HTTPResponseHead {
        var headers = NIOHTTP1.HTTPHeaders()
        headers.reserveCapacity(response.headers.count + 2)
        for field in response.headers where !isFramingField(field.name) {
            headers.add(name: field.name, value: field.value)
        }
        headers.add(name: "Content-Length", value: String(contentLength))
        if closing {
            headers.add(name: "Connection", value: "close")
        } else if version == .http1_0 {
            headers.add(name: "Connection", value: "keep-alive")
        }
        return HTTPResponseHead(
            version: version, status: HTTPResponseStatus(statusCode: response.status, reasonPhrase: response.reason),
            headers: headers)
    }

    /// The body of `response` as it is written. File regions borrow the segment files'
    /// descriptors: `release` must be called once the writes are done (or failed), and not before.
    static func body(_ response: SluiceHTTP.HTTPResponse, allocator: ByteBufferAllocator) -> Body {
        guard let parts = response.bodyParts else {
            return Body(data: [.byteBuffer(allocator.buffer(bytes: response.body))], count: response.body.count)
        }
        var body = Body(data: [], count: 0)
        body.data.reserveCapacity(parts.count)
        var handles: [Int32: NIOFileHandle] = [:]
        for part in parts {
            body.count += part.count
            switch part {
            case let .bytes(bytes):
                body.data.append(.byteBuffer(allocator.buffer(bytes: bytes)))
            case let .file(descriptor, offset, count, owner):
                let handle: NIOFileHandle
                if let known = handles[descriptor] {
                    handle = known
                } else {
                    handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: descriptor)
                    handles[descriptor] = handle
                    body.owners.append(owner)
                }
                body.data.append(
                    .fileRegion(FileRegion(fileHandle: handle, readerIndex: Int(offset), endIndex: Int(offset) + count)))
            }
        }
        body.handles = Array(handles.values)
        return body
    }

    /// A response body ready to write.
    struct Body {
        /// The pieces, in order.
        var data: [IOData]
        /// Their total size in bytes.
        var count: Int
        /// Handles over descriptors that segment files own: given back, never closed, by `release`.
        var handles: [NIOFileHandle] = []
        /// The segment files whose descriptors the regions read: kept open until `release`.
        var owners: [any FileOwner] = []

        /// Gives the borrowed descriptors back to their segment files (which close them when the
        /// last reader lets go). Call once, after the last write of the body completed or failed.
        func release() {
            for handle in handles { _ = try? handle.takeDescriptorOwnership() }
            withExtendedLifetime(owners) {}
        }
    }

    /// Fields the server sets itself.
    private static func isFramingField(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower == "content-length" || lower == "connection" || lower == "transfer-encoding"
    }
}
