/// Where an SLS API lives: `host:port`, `http://host[:port]`, or a bare host (port 80). The
/// client connects to this address and names the project in the Host header
/// (`<project>.<host>`), so a loopback server on any port works.
public struct SLSEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// Host name or address to connect to.
    public let host: String
    /// TCP port.
    public let port: Int

    /// Parses an endpoint option.
    /// - Throws: `LogStoreError` for an empty host, a bad port, or `https://` (not supported).
    public init(parsing text: String) throws(LogStoreError) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        if rest.lowercased().hasPrefix("https://") {
            throw LogStoreError("endpoint \(text): https is not supported; use http://")
        }
        if rest.lowercased().hasPrefix("http://") { rest = rest.dropFirst(7) }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var port = 80
        if let colon = rest.lastIndex(of: ":") {
            guard let number = Int(rest[rest.index(after: colon)...]), (1...65_535).contains(number) else {
                throw LogStoreError("endpoint \(text): invalid port")
            }
            port = number
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { throw LogStoreError("endpoint \(text): no host") }
        host = String(rest)
        self.port = port
    }

    /// `host:port`.
    public var description: String { "\(host):\(port)" }
}

/// An access key pair that signs requests.
public struct SLSCredentials: Sendable, Equatable {
    /// The access key id.
    public let accessKeyId: String
    /// The access key secret.
    public let accessKeySecret: String

    /// Creates a key pair.
    public init(accessKeyId: String, accessKeySecret: String) {
        self.accessKeyId = accessKeyId
        self.accessKeySecret = accessKeySecret
    }
}

import Foundation
