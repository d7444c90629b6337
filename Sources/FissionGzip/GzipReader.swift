import CZlib
import Foundation

/// Streams the decompressed bytes of a gzip file in bounded memory.
///
/// Concatenated gzip members (`cat a.gz b.gz`) are read as one stream: after each member's end,
/// zlib's `inflateReset` starts the next. Damage does not throw away what came before it:
/// the chunks already delivered stay delivered and the outcome says what went wrong.
public enum GzipReader {
    /// How a file's decompression ended.
    public enum Outcome: Sendable, Equatable {
        /// Every member was read to its end.
        case complete(compressedBytes: Int64)
        /// The file could not be opened or is not gzip at all (nothing was delivered).
        case unreadable(GzipError)
        /// Some data was delivered, then the stream broke (corrupt data or the file ended early).
        case damaged(GzipError)
    }

    public static let defaultChunkSize = 256 * 1024

    /// True when the rest of the input (the unread buffer, then the file) is zero bytes only — and at least one.
    /// Reads only while it sees zeros, so a following member is found untouched in the common case.
    private static func onlyZerosRemain(_ buffer: UnsafeMutablePointer<UInt8>?, _ count: Int, file: UnsafeMutablePointer<FILE>) -> Bool {
        guard count > 0, let buffer, buffer[0] == 0 else { return false }
        guard UnsafeBufferPointer(start: buffer, count: count).allSatisfy({ $0 == 0 }) else { return false }
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n == 0 { return true }
            if chunk[0..<n].contains(where: { $0 != 0 }) { return false }
        }
    }

    /// Calls `body` with each chunk of decompressed bytes, in order. The buffer is only valid during the call.
    public static func read(
        path: String,
        chunkSize: Int = defaultChunkSize,
        _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) -> Outcome {
        guard let file = fopen(path, "rb") else {
            return .unreadable(GzipError(kind: .io, message: "cannot open \(path): \(String(cString: strerror(errno)))"))
        }
        defer { fclose(file) }

        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let input = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
        let output = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
        defer {
            inflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
            input.deallocate()
            output.deallocate()
        }
        // 16 + MAX_WBITS: expect a gzip header and trailer.
        let initCode = CZlib_inflateInit2(stream, 16 + MAX_WBITS)
        guard initCode == Z_OK else {
            return .unreadable(GzipError(kind: .zlib(code: initCode), message: "inflateInit2 failed"))
        }

        var consumed: Int64 = 0       // compressed bytes handed to zlib and used
        var delivered = false
        var inMember = false          // inside a member that has not reached Z_STREAM_END

        func failure(_ error: GzipError) -> Outcome {
            delivered ? .damaged(error) : .unreadable(error)
        }

        while true {
            if stream.pointee.avail_in == 0 {
                let n = fread(input, 1, chunkSize, file)
                if n == 0 {
                    if ferror(file) != 0 {
                        return failure(GzipError(kind: .io, message: "read error in \(path): \(String(cString: strerror(errno)))", compressedOffset: consumed))
                    }
                    return inMember
                        ? failure(GzipError(kind: .truncated, message: "unexpected end of file", compressedOffset: consumed))
                        : .complete(compressedBytes: consumed)
                }
                stream.pointee.next_in = input
                stream.pointee.avail_in = UInt32(n)
            }
            inMember = true
            stream.pointee.next_out = output
            stream.pointee.avail_out = UInt32(chunkSize)
            let before = stream.pointee.avail_in
            let code = inflate(stream, Z_NO_FLUSH)
            consumed += Int64(before - stream.pointee.avail_in)
            let produced = chunkSize - Int(stream.pointee.avail_out)
            if produced > 0 {
                delivered = true
                body(UnsafeBufferPointer(start: output, count: produced))
            }
            switch code {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                inMember = false
                inflateReset(stream)
                if stream.pointee.avail_in == 0 {
                    let n = fread(input, 1, chunkSize, file)
                    guard n > 0 else { continue }  // end of file (or a read error) is handled at the top of the loop
                    stream.pointee.next_in = input
                    stream.pointee.avail_in = UInt32(n)
                }
                // Some writers pad files with zero bytes after the last member; like gzip(1), accept that.
                if onlyZerosRemain(stream.pointee.next_in, Int(stream.pointee.avail_in), file: file) {
                    return .complete(compressedBytes: consumed)
                }
            case Z_DATA_ERROR, Z_NEED_DICT:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "invalid compressed data"
                return failure(GzipError(kind: .data, message: message, compressedOffset: consumed))
            case Z_MEM_ERROR:
                return failure(GzipError(kind: .memory, message: "out of memory", compressedOffset: consumed))
            default:
                return failure(GzipError(kind: .zlib(code: code), message: "inflate returned \(code)", compressedOffset: consumed))
            }
        }
    }
}
