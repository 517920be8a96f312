#if canImport(Glibc)
    import Glibc
#endif

/// An IPv4 or IPv6 socket address, as `getaddrinfo` and `getsockname` give it.
struct SocketAddress {
    /// The address bytes.
    var storage = sockaddr_storage()
    /// How many of them are used.
    var length = socklen_t(MemoryLayout<sockaddr_storage>.size)

    /// AF_INET or AF_INET6.
    var family: Int32 { Int32(storage.ss_family) }

    /// The port, or 0 for a family without one.
    var port: Int {
        switch family {
        case AF_INET:
            return withUnsafeBytes(of: storage) { Int(UInt16(bigEndian: $0.load(as: sockaddr_in.self).sin_port)) }
        case AF_INET6:
            return withUnsafeBytes(of: storage) { Int(UInt16(bigEndian: $0.load(as: sockaddr_in6.self).sin6_port)) }
        default:
            return 0
        }
    }

    /// Calls `body` with the address as a `sockaddr` and its length (for bind and connect).
    func withSockaddr<Value>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Value) -> Value {
        withUnsafePointer(to: storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// The stream addresses of `host` (a name, an IPv4 or IPv6 literal, IPv6 possibly in
    /// brackets) at `port`, in the resolver's order. For a listening socket (`passive`), "" and
    /// "*" mean every IPv4 interface and "localhost" means 127.0.0.1.
    /// - Throws: `HTTPError` of kind `resolveFailed`, its message the resolver's.
    static func resolve(host: String, port: Int, passive: Bool) throws(HTTPError) -> [SocketAddress] {
        var name = host
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if passive && (name.isEmpty || name == "*") { name = "0.0.0.0" }
        if passive && name == "localhost" { name = "127.0.0.1" }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = status == EAI_SYSTEM ? HTTPError.describe(errno: errno) : String(cString: gai_strerror(status))
            throw HTTPError(.resolveFailed, "cannot resolve \(host): \(reason)")
        }
        defer { freeaddrinfo(first) }
        var addresses: [SocketAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            let info = current.pointee
            if let source = info.ai_addr, Int(info.ai_addrlen) <= MemoryLayout<sockaddr_storage>.size {
                var address = SocketAddress()
                address.length = info.ai_addrlen
                withUnsafeMutableBytes(of: &address.storage) { target in
                    target.copyMemory(from: UnsafeRawBufferPointer(start: source, count: Int(info.ai_addrlen)))
                }
                addresses.append(address)
            }
            entry = info.ai_next
        }
        guard !addresses.isEmpty else { throw HTTPError(.resolveFailed, "cannot resolve \(host): no address") }
        return addresses
    }
}
