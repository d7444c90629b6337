import FissionModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Expands input paths and globs into the sorted list of files to read.
///
/// A directory contributes every `*.jsonl.gz` below it, recursively (other files and hidden ones are ignored); a file is read
/// whatever its name; a glob (`*`, `?`, `[`) is expanded with glob(3) and each match treated the same way.
/// The result is sorted by path, which fixes the order duplicates are decided in.
enum InputResolver {
    static func resolve(_ patterns: [String]) throws(ConfigError) -> [String] {
        var files: Set<String> = []
        for pattern in patterns {
            let matches = isGlob(pattern) ? glob(pattern) : [pattern]
            var found = false
            for match in matches {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: match, isDirectory: &isDirectory) else { continue }
                found = true
                if isDirectory.boolValue {
                    files.formUnion(gzipFiles(under: match))
                } else {
                    files.insert(URL(fileURLWithPath: match).standardizedFileURL.path)
                }
            }
            guard found else { throw ConfigError(key: "inputs", message: "'\(pattern)' matches no file or folder") }
        }
        return files.sorted()
    }

    static func isGlob(_ pattern: String) -> Bool {
        pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    private static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }
    }

    /// Regular `*.jsonl.gz` files below `directory`, following a symlinked root and symlinked files; hidden files
    /// and folders (such as `.part-0.jsonl.gz` uploads in progress) are skipped.
    private static func gzipFiles(under directory: String) -> [String] {
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else { return [] }
        var out: [String] = []
        for case let url as URL in walker where url.lastPathComponent.hasSuffix(".jsonl.gz") {
            if (try? url.resolvingSymlinksInPath().resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                out.append(url.standardizedFileURL.path)
            }
        }
        return out
    }
}
