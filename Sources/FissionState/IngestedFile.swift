/// One input file in the nightly state: where it was, what its bytes were, and what it gave. A file is ingested
/// once; later runs recognise it by path (size and modification time unchanged, else by content hash) or, delivered
/// again under another path, by content hash.
public struct IngestedFile: Sendable, Equatable {
    public var path: String
    public var sizeBytes: Int64
    /// Modification time in nanoseconds since the epoch, as `stat(2)` gave it when the file was hashed.
    public var mtimeNanoseconds: Int64
    /// SHA-256 of the file's bytes, hex.
    public var sha256: String
    /// The run that ingested it.
    public var runID: Int64
    public var lines: Int
    /// Accepted events kept in its batch (before de-duplication, which is decided anew each run).
    public var events: Int
    /// The file's `input_files.status` when ingested: `ok`, `corrupt`, `empty`, or `truncated` (it ended inside a gzip
    /// member; when it later grows, it is read again and replaces this entry).
    public var status: String

    public init(path: String, sizeBytes: Int64, mtimeNanoseconds: Int64, sha256: String, runID: Int64, lines: Int, events: Int,
                status: String = "ok") {
        self.status = status
        self.path = path
        self.sizeBytes = sizeBytes
        self.mtimeNanoseconds = mtimeNanoseconds
        self.sha256 = sha256
        self.runID = runID
        self.lines = lines
        self.events = events
    }

    /// The same file, ingested by run `runID`.
    public func withRun(_ runID: Int64) -> IngestedFile {
        var copy = self
        copy.runID = runID
        return copy
    }
}
