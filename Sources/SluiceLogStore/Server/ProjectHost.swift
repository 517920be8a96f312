/// The project a request addresses: the first label of the Host header, unless the host is an IP
/// literal, `localhost` or a single label (then the request is project-less). Pure.
enum ProjectHost {
    static func project(fromHost header: String?) -> String? {
        guard var host = header?.lowercased(), !host.isEmpty else { return nil }
        if host.hasPrefix("[") { return nil }  // IPv6 literal
        if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return nil }
        if labels.count == 4, labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) { return nil }
        return String(labels[0])
    }
}
