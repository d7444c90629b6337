import FissionGzip
import FissionIngest
import FissionModel
import FissionTestSupport
import Testing

struct FileIngestorTests {
    let ingestor = FileIngestor(decoder: EventDecoder(options: DecodeOptions(maxLineBytes: 200)))

    @Test func everyLineIsAcceptedOrRejected() {
        let dir = TemporaryDirectory()
        let good = Fixtures.line("e1", "app_open", "2025-06-01T00:00:00Z", user: "u1")
        let path = Fixtures.writeGzip(dir, "day=2025-06-01/part-0.jsonl.gz", members: [
            [good, "{oops", ""],
            [String(repeating: "y", count: 500), Fixtures.line("e2", "page_view", "2025-06-01T00:00:01Z", anon: "d1")],
        ])
        let result = ingestor.ingest(path: path)
        #expect(result.status == .ok)
        #expect(result.linesRead == 5)
        #expect(result.batch.eventIDs == ["e1", "e2"])
        #expect(result.batch.lines == [1, 5])
        let fifth = Fixtures.line("e2", "page_view", "2025-06-01T00:00:01Z", anon: "d1")
        #expect(result.batch.rawHashes == [RawLineHash.of(Array(good.utf8)), RawLineHash.of(Array(fifth.utf8))])
        // Lines can be read again, for comparing two copies of one event_id byte by byte.
        #expect(ingestor.rawLines(path: path, numbers: [1, 2, 9]) == [1: Array(good.utf8), 2: Array("{oops".utf8)])
        #expect(result.rejections.map(\.line) == [2, 3, 4])
        #expect(result.rejections.map(\.reason.description) == ["malformed_json", "malformed_json", "line_too_long"])
        #expect(result.rejections[2].excerpt.count <= 201)
        #expect(result.linesRead == result.batch.count + result.rejections.count)
    }

    /// The file ends inside its second member: the first member's 200 lines verified and count; every line the
    /// second delivered (and its partial last line) is rejected as `truncated_gzip`, since no trailer vouches for it.
    @Test func truncatedMemberRejectsEveryLineItDelivered() throws {
        let dir = TemporaryDirectory()
        let lines = (1...400).map { Fixtures.line("e\($0)", "page_view", "2025-06-01T00:00:00Z", user: "u\($0)") }
        let second = Fixtures.gzip(lines: Array(lines[200...]))
        let path = dir.write("cut.jsonl.gz", bytes: Fixtures.gzip(lines: Array(lines[..<200])) + Array(second.prefix(second.count * 3 / 4)))
        let result = ingestor.ingest(path: path)
        #expect(result.status == .truncated)
        #expect(result.error?.contains("ends early") == true)
        #expect(result.batch.count == 200)
        #expect(result.linesRead > 250 && result.linesRead < 400)
        #expect(result.rejected == result.linesRead - 200)
        #expect(result.rejectionCounts == [.truncatedGzip: result.rejected])
        #expect(result.rejections.map(\.line) == Array(201...result.linesRead))
    }

    @Test func unreadableFileHasNoLines() {
        let dir = TemporaryDirectory()
        let path = dir.write("x.jsonl.gz", text: "not gzip\n")
        let result = ingestor.ingest(path: path)
        #expect(result.status == .unreadable)
        #expect(result.linesRead == 0)
        #expect(result.sizeBytes == 9)
        #expect(result.error != nil)
    }

    @Test func screenRejectsAfterDecoding() {
        let dir = TemporaryDirectory()
        let path = Fixtures.writeGzip(dir, "a.jsonl.gz", members: [[
            Fixtures.line("e1", "app_open", "2025-06-01T00:00:00Z", user: "u1"),
            Fixtures.line("e2", "app_open", "2025-07-01T00:00:00Z", user: "u1"),
        ]])
        let screened = FileIngestor(decoder: EventDecoder()) { $0 > Timestamp(rfc3339: "2025-06-15T00:00:00Z")! ? (.futureTimestamp, "late") : nil }
        let result = screened.ingest(path: path)
        #expect(result.batch.eventIDs == ["e1"])
        #expect(result.rejections.map(\.reason) == [.futureTimestamp])
        #expect(result.rejections.map(\.line) == [2])
    }

    @Test func aByteOrderMarkBeforeTheFirstLineIsIgnored() {
        let dir = TemporaryDirectory()
        let line = Fixtures.line("e1", "app_open", "2025-06-01T00:00:00Z", user: "u1")
        let path = dir.write("bom.jsonl.gz", bytes: try! GzipWriter.compress([0xEF, 0xBB, 0xBF] + Array((line + "\n" + line.replacingOccurrences(of: "e1", with: "e2")).utf8)))
        let result = ingestor.ingest(path: path)
        #expect(result.batch.eventIDs == ["e1", "e2"])
    }

    @Test func onlyTheFirstRejectionsKeepACopyOfTheLine() {
        let dir = TemporaryDirectory()
        let path = Fixtures.writeGzip(dir, "junk.jsonl.gz", members: [Array(repeating: "{junk", count: FileIngestor.excerptsPerFile + 5)])
        let result = ingestor.ingest(path: path)
        #expect(result.rejections.count == FileIngestor.excerptsPerFile + 5)
        #expect(result.rejections.filter { !$0.excerpt.isEmpty }.count == FileIngestor.excerptsPerFile)
        #expect(result.rejections.last?.reason == .malformedJSON)
    }
}
