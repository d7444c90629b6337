import Foundation

/// How far ingest has come, reported after each file (for a progress line).
public struct IngestProgress: Sendable {
    public var filesDone: Int
    public var filesTotal: Int
    /// Compressed bytes of the files done and of all files to read.
    public var bytesDone: Int64
    public var bytesTotal: Int64
    public var linesDone: Int
    public var elapsedSeconds: Double

    /// `ingest 120/2,861 files, 35.2 MB/s, 420,000 lines/s, ETA 40 s`.
    public var line: String {
        let rate = elapsedSeconds > 0 ? Double(bytesDone) / 1e6 / elapsedSeconds : 0
        let lines = elapsedSeconds > 0 ? Double(linesDone) / elapsedSeconds : 0
        let left = bytesDone > 0 ? elapsedSeconds * Double(bytesTotal - bytesDone) / Double(bytesDone) : 0
        return "ingest \(filesDone)/\(filesTotal) files, \(String(format: "%.1f", rate)) MB/s, \(Int(lines)) lines/s, ETA \(Int(left.rounded())) s"
    }
}

/// The counters behind `IngestProgress`, shared by the ingest workers.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var files = 0, bytes: Int64 = 0, lines = 0
    private let total: (files: Int, bytes: Int64)
    private let started = Date()
    private let report: @Sendable (IngestProgress) -> Void

    init(files: Int, bytes: Int64, report: @escaping @Sendable (IngestProgress) -> Void) {
        total = (files, bytes)
        self.report = report
    }

    func add(bytes b: Int64, lines l: Int) {
        let progress: IngestProgress = lock.withLock {
            files += 1
            bytes += b
            lines += l
            return IngestProgress(filesDone: files, filesTotal: total.files, bytesDone: bytes, bytesTotal: total.bytes,
                                  linesDone: lines, elapsedSeconds: Date().timeIntervalSince(started))
        }
        report(progress)
    }
}
