@testable import FissionIngest
import Testing

struct LineSplitterTests {
    /// Feeds `text` in chunks of `chunk` bytes; returns (line number, text, tooLong) triples.
    func split(_ text: String, chunk: Int, max: Int = 100) -> [(Int, String, Bool)] {
        var splitter = LineSplitter(maxLineBytes: max)
        var out: [(Int, String, Bool)] = []
        let emit: (LineSplitter.Line) -> Void = { out.append(($0.number, String(decoding: $0.bytes, as: UTF8.self), $0.isTooLong)) }
        let bytes = Array(text.utf8)
        for start in stride(from: 0, to: bytes.count, by: chunk) {
            bytes[start..<min(start + chunk, bytes.count)].withUnsafeBufferPointer { splitter.feed($0, emit) }
        }
        splitter.finish(emit)
        return out
    }

    @Test(arguments: [1, 2, 3, 5, 64])
    func splitsAcrossChunkBoundaries(chunk: Int) {
        let lines = split("a\r\nbb\n\nccc", chunk: chunk)
        #expect(lines.map(\.0) == [1, 2, 3, 4])
        #expect(lines.map(\.1) == ["a", "bb", "", "ccc"])
        #expect(lines.allSatisfy { !$0.2 })
    }

    @Test(arguments: [1, 4, 1000])
    func longLinesAreFlaggedWithoutKeepingThemWhole(chunk: Int) {
        let long = String(repeating: "x", count: 250)
        let lines = split("ok\n\(long)\nafter\n", chunk: chunk, max: 10)
        #expect(lines.map(\.1) == ["ok", String(repeating: "x", count: lines[1].1.count), "after"])
        #expect(lines.map(\.2) == [false, true, false])
        #expect(lines[1].1.count <= 11)
    }

    @Test func exactlyMaxIsNotTooLong() {
        #expect(split("0123456789\n", chunk: 3, max: 10).map(\.2) == [false])
        #expect(split("0123456789A\n", chunk: 3, max: 10).map(\.2) == [true])
    }
}
