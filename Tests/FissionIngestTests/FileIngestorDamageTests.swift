import FissionGzip
import FissionIngest
import FissionModel
import FissionTestSupport
import Foundation
import Testing

/// Damaged and degenerate files (hardening issue, items 3, 4, 6 and 9): what ingest makes of them.
struct FileIngestorDamageTests {
    let ingestor = FileIngestor(decoder: EventDecoder())

    func lines(_ range: ClosedRange<Int>) -> [String] {
        range.map { Fixtures.line("e\($0)", "page_view", "2025-06-01T00:00:00Z", user: "u\($0 % 9)") }
    }

    /// Three members of 100 lines; single bit flips all over the middle one. zlib notices a flip only at the
    /// member's end (CRC, length) or somewhere inside it, after it delivered changed bytes: none of the middle
    /// member's lines may be accepted, and reading resumes with the third member.
    @Test func aFlippedBitRejectsItsMembersLinesAndReadingResumes() throws {
        let dir = TemporaryDirectory()
        let first = Fixtures.gzip(lines: lines(1...100)), middle = Fixtures.gzip(lines: lines(101...200))
        let last = Fixtures.gzip(lines: lines(201...300))
        let good = Set((1...100).map { "e\($0)" } + (201...300).map { "e\($0)" })
        var positions = Array(stride(from: 10, to: middle.count, by: max(1, middle.count / 40)))
        positions.append(middle.count - 5)  // inside the trailer's length
        for (n, position) in positions.enumerated() {
            var flipped = middle
            flipped[position] ^= UInt8(1 << (n % 8))
            let path = dir.write("flip-\(n).jsonl.gz", bytes: first + flipped + last)
            let result = ingestor.ingest(path: path)
            #expect(result.status == .corrupt, "bit flip at \(position)")
            #expect(result.linesRead == result.batch.count + result.rejected)
            #expect(Set(result.batch.eventIDs) == good, "bit flip at \(position): accepted \(result.batch.count)")
            #expect(result.rejectionCounts.keys.allSatisfy { $0 == .corruptGzip })
            #expect(result.rejections.allSatisfy { $0.detail.hasPrefix("gzip error at compressed byte") })
        }
    }

    @Test func zeroByteFileIsEmptyWithAWarningStatus() {
        let dir = TemporaryDirectory()
        let result = ingestor.ingest(path: dir.write("empty.jsonl.gz", bytes: []))
        #expect(result.status == .empty)
        #expect(result.error == "empty file (0 bytes): not a gzip stream")
        #expect(result.linesRead == 0)
    }

    @Test func vanishedFileIsUnreadable() {
        let dir = TemporaryDirectory()
        let result = ingestor.ingest(path: dir.path("gone.jsonl.gz"))
        #expect(result.status == .unreadable)
        #expect(result.error?.contains("No such file") == true)
    }

    /// The blank-line bomb: 200,000 empty lines (a few hundred bytes gzip'd). Every line is counted; rows are kept
    /// up to the cap only.
    @Test func rejectedRowsAreCappedButCountedExactly() {
        let dir = TemporaryDirectory()
        let path = dir.write("blank.jsonl.gz", bytes: try! GzipWriter.compress([UInt8](repeating: 0x0A, count: 200_000)))
        let capped = FileIngestor(decoder: EventDecoder(), maxStoredRejections: 500)
        let result = capped.ingest(path: path)
        #expect(result.linesRead == 200_000)
        #expect(result.rejected == 200_000)
        #expect(result.rejectionCounts == [.malformedJSON: 200_000])
        #expect(result.rejections.count == 500)
        #expect(result.rejections.last?.line == 500)
    }

    /// A 1 MB `ts` is not copied into the detail: details are cut at 200 bytes (UTF-8-safe), excerpts at 512.
    @Test func detailsAndExcerptsAreBounded() {
        let dir = TemporaryDirectory()
        let huge = String(repeating: "é", count: 500_000)
        let path = Fixtures.writeGzip(dir, "ts.jsonl.gz", members: [[Fixtures.line("e1", "page_view", huge, user: "u")]])
        let result = FileIngestor(decoder: EventDecoder(options: DecodeOptions(maxLineBytes: 2 << 20))).ingest(path: path)
        #expect(result.rejections.map(\.reason) == [.badTimestamp])
        let rejection = result.rejections[0]
        #expect(rejection.detail.utf8.count <= Rejection.detailLimit + 3)
        #expect(rejection.detail.hasPrefix("ts 'éé"))
        #expect(rejection.detail.hasSuffix("é…"))
        #expect(rejection.excerpt.utf8.count <= Rejection.excerptLimit)
    }
}
