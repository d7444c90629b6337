import FissionGzip
import FissionModel
import Foundation

/// Reads one gzip'd JSON Lines file into events and rejections, in bounded memory per line.
public struct FileIngestor: Sendable {
    public var decoder: EventDecoder
    /// A further per-event check run after decoding (the clean stage's range rule); nil means accept.
    public var screen: @Sendable (Event) -> RejectReason?

    public init(decoder: EventDecoder, screen: @escaping @Sendable (Event) -> RejectReason? = { _ in nil }) {
        self.decoder = decoder
        self.screen = screen
    }

    public func ingest(path: String) -> FileIngestResult {
        var result = FileIngestResult(path: path)
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? NSNumber {
            result.sizeBytes = size.int64Value
        }
        var splitter = LineSplitter(maxLineBytes: decoder.options.maxLineBytes)

        func accept(_ line: LineSplitter.Line) {
            result.linesRead += 1
            if line.isTooLong {
                result.rejections.append(Rejection(line: line.number, reason: .lineTooLong,
                                                   detail: "longer than \(decoder.options.maxLineBytes) bytes", raw: line.bytes))
                return
            }
            switch decoder.decode(line.bytes) {
            case .success(let event):
                if let reason = screen(event) {
                    result.rejections.append(Rejection(line: line.number, reason: reason, raw: line.bytes))
                } else {
                    result.events.append(event)
                    result.eventLines.append(Int32(line.number))
                }
            case .failure(let failure):
                result.rejections.append(Rejection(line: line.number, reason: failure.reason, detail: failure.detail, raw: line.bytes))
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
        return result
    }
}
