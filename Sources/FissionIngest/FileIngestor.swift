import FissionGzip
import FissionModel
import Foundation

/// Reads one gzip'd JSON Lines file into events and rejections, in bounded memory per line.
public struct FileIngestor: Sendable {
    public var decoder: EventDecoder
    /// A further check of each decoded event's time (the clean stage's future-skew rule): a reason and detail, or nil
    /// to accept.
    public var screen: @Sendable (Timestamp) -> (RejectReason, String)?
    /// Rejected lines of one file that keep a copy of the line in `rejected_lines.raw_excerpt`.
    public static let excerptsPerFile = 1000

    public init(decoder: EventDecoder, screen: @escaping @Sendable (Timestamp) -> (RejectReason, String)? = { _ in nil }) {
        self.decoder = decoder
        self.screen = screen
    }

    /// The raw bytes (as `ingest` saw them: without a first line's byte order mark) of lines `numbers` of the file,
    /// read again. Lines that cannot be read any more are missing from the result.
    public func rawLines(path: String, numbers: Set<Int>) -> [Int: [UInt8]] {
        var splitter = LineSplitter(maxLineBytes: decoder.options.maxLineBytes)
        var found: [Int: [UInt8]] = [:]
        func take(_ line: LineSplitter.Line) {
            guard numbers.contains(line.number) else { return }
            found[line.number] = Array(Self.content(of: line))
        }
        if case .complete = GzipReader.read(path: path, { chunk in splitter.feed(chunk, take) }) { splitter.finish(take) }
        return found
    }

    /// A line's bytes without the UTF-8 byte order mark a first line may start with.
    static func content(of line: LineSplitter.Line) -> UnsafeBufferPointer<UInt8> {
        guard line.number == 1, line.bytes.starts(with: [0xEF, 0xBB, 0xBF]) else { return line.bytes }
        return UnsafeBufferPointer(rebasing: line.bytes.dropFirst(3))
    }

    public func ingest(path: String) -> FileIngestResult {
        var result = FileIngestResult(path: path)
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? NSNumber {
            result.sizeBytes = size.int64Value
        }
        var splitter = LineSplitter(maxLineBytes: decoder.options.maxLineBytes)

        func reject(_ number: Int, _ reason: RejectReason, _ detail: String, _ raw: UnsafeBufferPointer<UInt8>) {
            // Every rejected line gets a row; past the first `excerptsPerFile`, without its copy, to bound memory.
            let keepExcerpt = result.rejections.count < Self.excerptsPerFile
            result.rejections.append(Rejection(line: number, reason: reason, detail: detail,
                                               raw: keepExcerpt ? raw : UnsafeBufferPointer(rebasing: raw[0..<0])))
        }

        func accept(_ line: LineSplitter.Line) {
            result.linesRead += 1
            let bytes = Self.content(of: line)
            if line.isTooLong {
                reject(line.number, .lineTooLong, "longer than \(decoder.options.maxLineBytes) bytes", bytes)
                return
            }
            if let failure = decoder.decode(bytes, into: &result.batch, lineNumber: Int32(line.number),
                                            rawHash: RawLineHash.of(bytes), screen: screen) {
                reject(line.number, failure.reason, failure.detail, bytes)
            }
        }

        let outcome = GzipReader.read(path: path) { chunk in splitter.feed(chunk, accept) }
        switch outcome {
        case .complete:
            splitter.finish(accept)
        case .unreadable(let error):
            result.status = .unreadable
            result.error = error.description
        case .damaged(let error):
            result.status = .truncated
            result.error = error.description
            splitter.takePartialLine { number, bytes in
                result.linesRead += 1
                result.rejections.append(Rejection(line: number, reason: .truncatedGzip, detail: error.description, raw: bytes))
            }
        }
        result.batch.seal()
        return result
    }
}
