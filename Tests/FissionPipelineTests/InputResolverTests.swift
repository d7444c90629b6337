@testable import FissionPipeline
import FissionModel
import FissionTestSupport
import Foundation
import Testing

/// Which inputs are read, and what is listed as skipped (hardening issue, items 2 and 8).
struct InputResolverTests {
    func resolve(_ patterns: [String]) -> Result<InputResolver.Resolved, ConfigError> {
        do { return .success(try InputResolver.resolve(patterns)) } catch { return .failure(error) }
    }

    func fifo(_ path: String) {
        #expect(mkfifo(path, 0o644) == 0)
    }

    /// Reading a FIFO blocks until a writer comes: it is never opened.
    @Test func fifoNamedExplicitlyOrByGlobIsAnErrorNamingIt() throws {
        let dir = TemporaryDirectory()
        dir.write("in/a.jsonl.gz", bytes: Fixtures.gzip(lines: []))
        fifo(dir.path("in/pipe.jsonl.gz"))
        guard case .failure(let error) = resolve([dir.path("in/pipe.jsonl.gz")]) else { Issue.record("FIFO accepted"); return }
        #expect(error.message == "'\(dir.path("in/pipe.jsonl.gz"))' is a FIFO, not a regular file: only regular files are read")
        guard case .failure = resolve([dir.path("in/*.jsonl.gz")]) else { Issue.record("FIFO accepted by glob"); return }
    }

    @Test func fifoInsideAFolderIsSkippedAndListed() throws {
        let dir = TemporaryDirectory()
        dir.write("in/a.jsonl.gz", bytes: Fixtures.gzip(lines: []))
        fifo(dir.path("in/pipe.jsonl.gz"))
        let resolved = try resolve([dir.path("in")]).get()
        #expect(resolved.files == [dir.path("in/a.jsonl.gz")])
        #expect(resolved.skipped == [.init(path: dir.path("in/pipe.jsonl.gz"), reason: "FIFO, not a regular file")])
    }

    /// A folder link is followed; a link back up is a loop, listed once; a second link to a folder already read is
    /// listed, not read twice; a broken link is listed whatever its name (it may have been a folder of inputs).
    @Test func symlinkedFoldersAreFollowedAndLoopsAndBrokenLinksListed() throws {
        let dir = TemporaryDirectory()
        let fm = FileManager.default
        dir.write("data/day=1/a.jsonl.gz", bytes: Fixtures.gzip(lines: []))
        dir.write("in/own.jsonl.gz", bytes: Fixtures.gzip(lines: []))
        try fm.createSymbolicLink(atPath: dir.path("in/linked"), withDestinationPath: dir.path("data"))
        try fm.createSymbolicLink(atPath: dir.path("in/again"), withDestinationPath: dir.path("data"))
        try fm.createSymbolicLink(atPath: dir.path("in/loop"), withDestinationPath: dir.path("in"))
        try fm.createSymbolicLink(atPath: dir.path("in/dangling"), withDestinationPath: dir.path("nowhere"))
        let resolved = try resolve([dir.path("in")]).get()
        #expect(resolved.files == [dir.path("in/again/day=1/a.jsonl.gz"), dir.path("in/own.jsonl.gz")])
        #expect(resolved.skipped == [
            .init(path: dir.path("in/dangling"), reason: "broken symbolic link"),
            .init(path: dir.path("in/linked"), reason: "folder already read as \(dir.path("in/again"))"),
            .init(path: dir.path("in/loop"), reason: "symbolic link loop: leads back to \(dir.path("in"))"),
        ])
    }

    @Test func brokenLinkNamedExplicitlyIsAnError() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: dir.path("x.jsonl.gz"), withDestinationPath: dir.path("nowhere"))
        guard case .failure(let error) = resolve([dir.path("x.jsonl.gz")]) else { Issue.record("accepted"); return }
        #expect(error.message.hasSuffix("is a broken symbolic link"))
    }
}
