import FissionModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Expands input paths and globs into the sorted list of files to read, and what was passed over and why.
///
/// - A path or glob match that is a regular file is read whatever its name. A folder contributes every
///   `*.jsonl.gz` below it, recursively, following symbolic links to files and folders.
/// - Only regular files are read: a FIFO, socket or device named explicitly is an error naming it (reading it could
///   block forever); inside a folder it is skipped and listed.
/// - Inside folders, hidden entries (such as `.part-0.jsonl.gz` uploads in progress) and files not named `*.jsonl.gz`
///   are ignored; broken symbolic links, link loops and folders reached a second time through another link are
///   skipped and listed (`SkippedInput`), so nothing vanishes without a row.
/// - The result is sorted by path, which fixes the order duplicates are decided in.
enum InputResolver {
    /// An entry found inside an input folder that is not read.
    struct SkippedInput: Equatable {
        var path: String
        var reason: String
    }

    struct Resolved {
        var files: [String]
        var skipped: [SkippedInput]
    }

    /// The config's inputs; a problem is a usage error when they came from `--input`, else a config error.
    static func resolve(_ config: PipelineConfig) throws(PipelineError) -> Resolved {
        do {
            return try resolve(config.inputs)
        } catch {
            if config.inputsFromCommandLine { throw PipelineError.usage("--input: \(error.message)") }
            throw PipelineError.config(file: config.path, error)
        }
    }

    static func resolve(_ patterns: [String]) throws(ConfigError) -> Resolved {
        var walk = Walk()
        for pattern in patterns {
            let matches = isGlob(pattern) ? glob(pattern) : [pattern]
            var found = false
            for match in matches {
                guard let info = FileInfo(match) else {
                    if FileInfo.isSymlink(match) {
                        throw ConfigError(key: "inputs", message: "'\(match)' is a broken symbolic link")
                    }
                    continue
                }
                found = true
                switch info.kind {
                case .directory: walk.folder(match, info)
                case .regular: walk.files.insert(URL(fileURLWithPath: match).standardizedFileURL.path)
                case .other(let kind):
                    throw ConfigError(key: "inputs", message: "'\(match)' is a \(kind), not a regular file: only regular files are read")
                }
            }
            guard found else { throw ConfigError(key: "inputs", message: "'\(pattern)' matches no file or folder") }
        }
        return Resolved(files: walk.files.sorted(), skipped: walk.skipped.sorted { $0.path < $1.path })
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

    /// The recursive folder walk, remembering each folder it entered (device and inode) to stop at loops.
    private struct Walk {
        var files: Set<String> = []
        var skipped: [SkippedInput] = []
        var entered: [FileInfo.ID: String] = [:]

        mutating func folder(_ path: String, _ info: FileInfo) {
            if let earlier = entered[info.id] {
                let loop = path.hasPrefix(earlier + "/")
                skipped.append(SkippedInput(path: path, reason: loop
                    ? "symbolic link loop: leads back to \(earlier)"
                    : "folder already read as \(earlier)"))
                return
            }
            entered[info.id] = path
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                skipped.append(SkippedInput(path: path, reason: "folder cannot be listed"))
                return
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let child = URL(fileURLWithPath: path).appendingPathComponent(name).standardizedFileURL.path
                guard let info = FileInfo(child) else {
                    if FileInfo.isSymlink(child) {
                        skipped.append(SkippedInput(path: child, reason: "broken symbolic link"))
                    }
                    continue
                }
                switch info.kind {
                case .directory:
                    folder(child, info)
                case .regular:
                    if name.hasSuffix(".jsonl.gz") { files.insert(child) }
                case .other(let kind):
                    if name.hasSuffix(".jsonl.gz") {
                        skipped.append(SkippedInput(path: child, reason: "\(kind), not a regular file"))
                    }
                }
            }
        }
    }
}

/// What `stat(2)` says of a path, following symbolic links.
struct FileInfo {
    enum Kind: Equatable {
        case regular, directory
        /// "FIFO", "socket", "character device", "block device"
        case other(String)
    }

    struct ID: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    var kind: Kind
    var id: ID

    /// Nil when the path (or a link's target) does not exist or cannot be examined.
    init?(_ path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        id = ID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
        switch st.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFIFO: kind = .other("FIFO")
        case S_IFSOCK: kind = .other("socket")
        case S_IFCHR: kind = .other("character device")
        case S_IFBLK: kind = .other("block device")
        default: kind = .other("special file")
        }
    }

    static func isSymlink(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFLNK
    }
}
