import FissionGzip
import FissionTestSupport
import Foundation
import Testing

struct GzipReaderTests {
    func readAll(_ path: String, chunkSize: Int = 7) -> (text: String, outcome: GzipReader.Outcome) {
        var bytes: [UInt8] = []
        let outcome = GzipReader.read(path: path, chunkSize: chunkSize) { bytes.append(contentsOf: $0) }
        return (String(decoding: bytes, as: UTF8.self), outcome)
    }

    @Test func readsConcatenatedMembersAsOneStream() throws {
        let dir = TemporaryDirectory()
        let a = try GzipWriter.compress(Array("one\ntwo\n".utf8))
        let b = try GzipWriter.compress(Array("three\n".utf8))
        let path = dir.write("multi.jsonl.gz", bytes: a + b)
        let (text, outcome) = readAll(path)
        #expect(text == "one\ntwo\nthree\n")
        #expect(outcome == .complete(compressedBytes: Int64(a.count + b.count)))
    }

    @Test func truncatedFileKeepsWhatCameBefore() throws {
        let dir = TemporaryDirectory()
        let lines = (1...2000).map { "line \($0) with some text to make it long enough" }.joined(separator: "\n") + "\n"
        let full = try GzipWriter.compress(Array(lines.utf8))
        let path = dir.write("cut.jsonl.gz", bytes: Array(full.prefix(full.count / 2)))
        let (text, outcome) = readAll(path, chunkSize: 1024)
        #expect(text.hasPrefix("line 1 with"))
        #expect(text.count < lines.count)
        guard case .damaged(let error) = outcome else { Issue.record("expected damaged, got \(outcome)"); return }
        #expect(error.kind == .truncated)
    }

    @Test func corruptDataAfterAGoodMemberIsDamage() throws {
        let dir = TemporaryDirectory()
        let good = try GzipWriter.compress(Array("kept\n".utf8))
        var bad = try GzipWriter.compress(Array(String(repeating: "lost line\n", count: 50).utf8))
        for i in 12..<bad.count - 8 { bad[i] ^= 0x5A }
        let path = dir.write("corrupt.jsonl.gz", bytes: good + bad)
        let (text, outcome) = readAll(path, chunkSize: 4096)
        #expect(text.hasPrefix("kept\n"))
        guard case .damaged(let error) = outcome else { Issue.record("expected damaged, got \(outcome)"); return }
        #expect(error.kind == .data)
    }

    @Test func plainTextAndMissingFilesAreUnreadable() {
        let dir = TemporaryDirectory()
        let plain = dir.write("plain.jsonl.gz", text: "{\"event_id\":\"e1\"}\n")
        if case .unreadable(let error) = readAll(plain).outcome {
            #expect(error.kind == .data)
        } else {
            Issue.record("plain text should be unreadable")
        }
        if case .unreadable(let error) = readAll(dir.path("missing.jsonl.gz")).outcome {
            #expect(error.kind == .io)
        } else {
            Issue.record("missing file should be unreadable")
        }
    }

    @Test func emptyFileIsCompleteAndEmpty() {
        let dir = TemporaryDirectory()
        let path = dir.write("empty.jsonl.gz", bytes: [])
        let (text, outcome) = readAll(path)
        #expect(text.isEmpty)
        #expect(outcome == .complete(compressedBytes: 0))
    }

    @Test(arguments: [1, 4096, 100_000])
    func zeroPaddingAfterTheLastMemberIsIgnored(padding: Int) throws {
        let dir = TemporaryDirectory()
        let member = try GzipWriter.compress(Array("a\nb\n".utf8))
        let path = dir.write("padded.jsonl.gz", bytes: member + member + [UInt8](repeating: 0, count: padding))
        let (text, outcome) = readAll(path, chunkSize: 64)
        #expect(text == "a\nb\na\nb\n")
        #expect(outcome == .complete(compressedBytes: Int64(member.count * 2)))
    }

    @Test func nonZeroGarbageAfterAMemberIsDamage() throws {
        let dir = TemporaryDirectory()
        let member = try GzipWriter.compress(Array("a\n".utf8))
        let path = dir.write("garbage.jsonl.gz", bytes: member + [0, 0, 7, 7])
        guard case .damaged = readAll(path).outcome else { Issue.record("expected damage"); return }
    }
}
