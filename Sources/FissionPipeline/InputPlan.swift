import FissionState
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which input files a run reads, decided against the files the state already holds:
/// - a path already ingested, unchanged (same size and modification time, or else same content hash), is not read;
/// - a path already ingested whose content changed is `changed` (the run stops, or rebuilds: `on_changed_file`),
///   unless it was ingested `truncated` (it ended inside a gzip member, so it was probably still being written):
///   then it is read again and replaces what was stored (`regrown`);
/// - a new path whose content hash equals an ingested file's (or an earlier new file's, in path order) is a
///   re-delivery: not read, listed as `redelivered`;
/// - every other file is read.
struct InputPlan {
    /// A file to read, with what it was when listed.
    struct NewFile: Sendable {
        var path: String
        var sizeBytes: Int64
        var mtimeNanoseconds: Int64
        var sha256: String
    }

    var new: [NewFile] = []
    var alreadyIngested = 0
    var redelivered: [(path: String, sameAs: String)] = []
    var changed: [String] = []
    /// Paths ingested `truncated` whose content has changed since: read again, replacing their stored events.
    var regrown: Set<String> = []
    /// Listed but gone or unreadable before they could be hashed: read anyway, to record why.
    var unhashable: [String] = []

    init(files: [String], known: [IngestedFile], threads: Int) {
        let byPath = Dictionary(known.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var bySHA = Dictionary(known.map { ($0.sha256, $0.path) }, uniquingKeysWith: { a, _ in a })
        let stats = files.map { FileStat($0) }
        // Only files that are not known unchanged are hashed (in parallel): a nightly run stats history, it does
        // not read it.
        let toHash = files.indices.filter { i in
            guard let k = byPath[files[i]], let s = stats[i] else { return true }
            return !(k.sizeBytes == s.size && k.mtimeNanoseconds == s.mtimeNanoseconds)
        }
        let hashes = PipelineRunner.parallelMap(toHash, threads: threads) { SHA256.hex(ofFile: files[$0]) }
        var hashOf: [Int: String?] = [:]
        for (k, i) in toHash.enumerated() { hashOf[i] = .some(hashes[k]) }
        for (i, path) in files.enumerated() {
            guard let sha = hashOf[i] else { alreadyIngested += 1; continue }
            guard let stat = stats[i], let sha else {
                unhashable.append(path)
                continue
            }
            if let k = byPath[path] {
                if k.sha256 == sha {
                    alreadyIngested += 1
                } else if k.status == "truncated" {
                    regrown.insert(path)
                    new.append(NewFile(path: path, sizeBytes: stat.size, mtimeNanoseconds: stat.mtimeNanoseconds, sha256: sha))
                } else {
                    changed.append(path)
                }
            } else if let earlier = bySHA[sha] {
                redelivered.append((path, earlier))
            } else {
                bySHA[sha] = path
                new.append(NewFile(path: path, sizeBytes: stat.size, mtimeNanoseconds: stat.mtimeNanoseconds, sha256: sha))
            }
        }
    }
}

/// Size and modification time of a file (following links).
struct FileStat: Equatable {
    var size: Int64
    var mtimeNanoseconds: Int64

    /// What a ledger row or a listing recorded.
    static func Listed(_ file: IngestedFile) -> FileStat { FileStat(size: file.sizeBytes, mtimeNanoseconds: file.mtimeNanoseconds) }
    static func Listed(_ file: InputPlan.NewFile) -> FileStat { FileStat(size: file.sizeBytes, mtimeNanoseconds: file.mtimeNanoseconds) }

    init(size: Int64, mtimeNanoseconds: Int64) {
        self.size = size
        self.mtimeNanoseconds = mtimeNanoseconds
    }

    init?(_ path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        size = Int64(st.st_size)
        mtimeNanoseconds = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
    }
}
