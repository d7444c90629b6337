/// A zlib failure, with the C return code mapped to a kind and zlib's own message.
public struct GzipError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The file could not be opened or read.
        case io
        /// `Z_DATA_ERROR` (-3): not gzip, or corrupt compressed data.
        case data
        /// The file ended inside a gzip member.
        case truncated
        /// `Z_MEM_ERROR` (-4).
        case memory
        /// `Z_STREAM_ERROR` (-2), `Z_VERSION_ERROR` (-6) or another unexpected code.
        case zlib(code: Int32)
    }

    public var kind: Kind
    public var message: String
    /// Offset in the compressed file near which the problem was found.
    public var compressedOffset: Int64

    public init(kind: Kind, message: String, compressedOffset: Int64 = 0) {
        self.kind = kind
        self.message = message
        self.compressedOffset = compressedOffset
    }

    public var description: String {
        switch kind {
        case .io: "\(message)"
        case .truncated: "gzip stream ends early at compressed byte \(compressedOffset)"
        default: "gzip error at compressed byte \(compressedOffset): \(message)"
        }
    }
}
