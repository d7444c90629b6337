import FissionGzip
import FissionModel
import Foundation

/// Reads one gzip'd JSON Lines file into events and rejections, in bounded memory per line.
public struct FileIngestor: Sendable {
    public var decoder: EventDecoder
    /// A further check of each decoded event's time (the clean stage's day range and future-skew rules): a reason and
    /// detail, or nil to accept.
    public var screen: @Sendable (Timestamp) -> (RejectReason, String)?
    /// Rejected lines of one file kept as rows (`rejected_lines`); the rest are only counted, by reason.
    public var maxStoredRejections: Int
    /// Stored rejected lines of one file that keep a copy of the line in `rejected_lines.raw_excerpt`.
    public static let excerptsPerFile = 1000
    public static let defaultMaxStoredRejections = 10_000

    public init(decoder: EventDecoder, maxStoredRejections: Int = defaultMaxStoredRejections,
                screen: @escaping @Sendable (Timestamp) -> (RejectReason, String)? = { _ in nil }) {
        self.decoder = decoder
        self.maxStoredRejections = maxStoredRejections
        self.screen = screen
    }

    /// The raw bytes (as `ingest` saw them: without a first line's byte order mark) of lines `numbers` of the file,
    /// read again. Lines that cannot be read any more, or that belong to a member that no longer verifies, are
    /// missing from the result.
    public func rawLines(path: String, numbers: Set<Int>) -> [Int: [UInt8]] {
        var splitter = LineSplitter(maxLineBytes: decoder.options.maxLineBytes)
        var found: [Int: [UInt8]] = [:]
        var unverified: [Int] = []
        func take(_ line: LineSplitter.Line) {
            guard numbers.contains(line.number) else { return }
            found[line.number] = Array(Self.content(of: line))
            unverified.append(line.number)
        }
        let outcome = GzipReader.read(path: path, memberVerified: { unverified.removeAll() },
                                      memberFailed: { _ in for n in unverified { found[n] = nil } }) { chunk in
            splitter.feed(chunk, take)
        }
        if case .complete = outcome {
            splitter.finish(take)
        }
        return found
    }

    /// A line's bytes without the UTF-8 byte order mark a first line may start with.
    static func content(of line: LineSplitter.Line) -> UnsafeBufferPointer<UInt8> {
        guard line.number == 1, line.bytes.starts(with: [0xEF, 0xBB, 0xBF]) else { return line.bytes }
        return UnsafeBufferPointer(rebasing: line.bytes.dropFirst(3))
    }

    /// What a file had produced when its last gzip member verified: what a failing member rolls back to.
    private struct Checkpoint {
        var lines = 0
        var events = 0
        var rejected = 0
        var counts: [RejectReason: Int] = [:]
        var stored = 0
    }

    /// Ingests the whole file.
    public func ingest(path: String) -> FileIngestResult {
        ingest(path: path, maxLines: nil)
    }

    /// The first `lines` lines of the file, decoded as `ingest` would (for `fission validate`); members are not
    /// waited for, so a sample's lines count even before their member's trailer.
    public func sample(path: String, lines: Int) -> FileIngestResult {
        ingest(path: path, maxLines: lines)
    }

    private func ingest(path: String, maxLines: Int?) -> FileIngestResult {
        var result = FileIngestResult(path: path)
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? NSNumber {
            result.sizeBytes = size.int64Value
        }
        var splitter = LineSplitter(maxLineBytes: decoder.options.maxLineBytes)
        let maxStored = maxStoredRejections

        func reject(_ number: Int, _ reason: RejectReason, _ detail: String, _ raw: UnsafeBufferPointer<UInt8>) {
            result.rejected += 1
            result.rejectionCounts[reason, default: 0] += 1
            guard result.rejections.count < maxStored else { return }
            // Past the first `excerptsPerFile` rows, without the copy of the line, to bound memory.
            let keepExcerpt = result.rejections.count < Self.excerptsPerFile
            result.rejections.append(Rejection(line: number, reason: reason, detail: detail,
                                               raw: keepExcerpt ? raw : UnsafeBufferPointer(rebasing: raw[0..<0])))
        }

        func accept(_ line: LineSplitter.Line) {
            if let maxLines, result.linesRead >= maxLines { return }
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

        var checkpoint = Checkpoint()
        func memberVerified() {
            checkpoint = Checkpoint(lines: result.linesRead, events: result.batch.count, rejected: result.rejected,
                                    counts: result.rejectionCounts, stored: result.rejections.count)
        }
        /// Every line since the last verified member (and the partial line at the damage) is rejected instead of
        /// whatever it was.
        func memberFailed(_ error: GzipError) {
            splitter.takePartialLine { _, _ in result.linesRead += 1 }
            let firstLine = checkpoint.lines + 1
            let lastLine = result.linesRead
            result.batch.truncate(to: checkpoint.events)
            result.rejected = checkpoint.rejected
            result.rejectionCounts = checkpoint.counts
            result.rejections.removeLast(result.rejections.count - checkpoint.stored)
            let truncated = error.kind == .truncated
            let detail = error.description
            let none = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            for number in stride(from: firstLine, through: lastLine, by: 1) {
                reject(number, truncated ? .truncatedGzip : .corruptGzip, detail, none)
            }
            memberVerified()
        }

        let outcome = GzipReader.read(path: path, memberVerified: memberVerified,
                                      memberFailed: maxLines == nil ? memberFailed : { _ in },
                                      shouldStop: { maxLines.map { result.linesRead >= $0 } ?? false }) { chunk in
            splitter.feed(chunk, accept)
        }
        switch outcome {
        case .complete:
            splitter.finish(accept)
            if result.sizeBytes == 0 {
                result.status = .empty
                result.error = "empty file (0 bytes): not a gzip stream"
            }
        case .unreadable(let error):
            result.status = .unreadable
            result.error = error.description
        case .damaged(let error):
            // Lines after the last member (a stream that ended without a trailer is reported as failed) are done.
            result.status = error.kind == .truncated ? .truncated : .corrupt
            result.error = error.description
        }
        result.batch.seal()
        return result
    }
}
