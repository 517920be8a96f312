import Foundation
import Testing

/// Every relative link in the README and `docs/` names a file of the repository, and every
/// anchor a heading of that file, as GitHub renders them.
struct DocsLinkTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The pages checked: the README and every page in `docs/`.
    static func pages() throws -> [URL] {
        let docs = root.appendingPathComponent("docs")
        let names = try FileManager.default.contentsOfDirectory(atPath: docs.path).filter { $0.hasSuffix(".md") }.sorted()
        return [root.appendingPathComponent("README.md")] + names.map { docs.appendingPathComponent($0) }
    }

    /// GitHub's anchor of a heading: lower case, punctuation other than `-` and `_` dropped, spaces as `-`.
    static func anchor(_ heading: String) -> String {
        String(heading.lowercased().compactMap { character -> Character? in
            if character == " " { return "-" }
            if character.isLetter || character.isNumber || character == "-" || character == "_" { return character }
            return nil
        })
    }

    /// The anchors of the headings of `text`, code blocks left out.
    static func anchors(_ text: String) -> Set<String> {
        var result: Set<String> = []
        var inCode = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inCode.toggle() }
            guard !inCode, line.hasPrefix("#") else { continue }
            result.insert(anchor(String(line.drop { $0 == "#" }).trimmingCharacters(in: .whitespaces)))
        }
        return result
    }

    /// The targets of the inline links of `text` (`[text](target)`), code left out.
    static func links(_ text: String) -> [String] {
        var result: [String] = []
        var inCode = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inCode.toggle() }
            guard !inCode else { continue }
            var rest = Substring(line)
            while let open = rest.range(of: "](") {
                rest = rest[open.upperBound...]
                guard let close = rest.firstIndex(of: ")") else { break }
                result.append(String(rest[..<close]))
                rest = rest[close...]
            }
        }
        return result
    }

    @Test func everyRelativeLinkAndAnchorResolves() throws {
        var checked = 0
        for page in try Self.pages() {
            let text = try String(contentsOf: page, encoding: .utf8)
            for link in Self.links(text) where !link.contains("://") && !link.hasPrefix("mailto:") {
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].isEmpty ? page : page.deletingLastPathComponent().appendingPathComponent(parts[0])
                #expect(FileManager.default.fileExists(atPath: target.path), "\(page.lastPathComponent): \(link) names no file")
                if parts.count == 2, target.pathExtension == "md", let linked = try? String(contentsOf: target, encoding: .utf8) {
                    #expect(Self.anchors(linked).contains(parts[1]), "\(page.lastPathComponent): \(link) names no heading")
                }
                checked += 1
            }
        }
        #expect(checked > 10)
    }

    @Test func anchorsFollowGitHub() {
        #expect(Self.anchor("Checkpoint and recovery") == "checkpoint-and-recovery")
        #expect(Self.anchor("`sluice sql`") == "sluice-sql")
        #expect(Self.anchor("Damage is never silent.") == "damage-is-never-silent")
    }
}
