import CZlib
import Foundation

/// Streams the decompressed bytes of a gzip file in bounded memory, member by member.
///
/// Concatenated gzip members (`cat a.gz b.gz`) are read as one stream: after each member's end, zlib's
/// `inflateReset` starts the next. A member's bytes are only trustworthy once its trailer (CRC-32 and length) has
/// verified, which zlib checks at the member's end, after the bytes were delivered. So the reader tells its consumer
/// where members end (`memberVerified`) and when one fails (`memberFailed`): the consumer then takes
/// back what it built from that member's bytes. After a corrupt member, reading resumes at the next gzip member
/// header found in the file, if any.
public enum GzipReader {
    /// How a file's decompression ended.
    public enum Outcome: Sendable, Equatable {
        /// Every member was read to its end and verified.
        case complete(compressedBytes: Int64)
        /// The file could not be opened or is not gzip at all (nothing was delivered).
        case unreadable(GzipError)
        /// At least one member failed verification (corrupt data, a bad CRC or length) or the file ended inside a
        /// member; `error` is the first problem. Members before and after a corrupt one may have verified.
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
    /// `memberVerified`: every byte delivered so far belongs to verified members. `memberFailed`: the bytes delivered
    /// since the last `memberVerified` belong to a member that failed; reading goes on at the next member header, if
    /// one is found.
    public static func read(
        path: String,
        chunkSize: Int = defaultChunkSize,
        memberVerified: () -> Void = {},
        memberFailed: (GzipError) -> Void = { _ in },
        shouldStop: () -> Bool = { false },
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

        var consumed: Int64 = 0       // compressed bytes handed to zlib and used (or skipped while resyncing)
        var started = false           // some member produced bytes or verified: the file is gzip
        var inMember = false          // inside a member that has not reached Z_STREAM_END
        var firstError: GzipError?

        /// Refills the input buffer when it is empty; false at the end of the file or on a read error.
        func refill() -> Bool {
            guard stream.pointee.avail_in == 0 else { return true }
            let n = fread(input, 1, chunkSize, file)
            guard n > 0 else { return false }
            stream.pointee.next_in = input
            stream.pointee.avail_in = UInt32(n)
            return true
        }

        /// Moves the input to the next gzip member header (1f 8b 08) in the rest of the file. False when none is left.
        func seekNextMember() -> Bool {
            while true {
                guard refill() else { return false }
                let available = Int(stream.pointee.avail_in)
                let bytes = UnsafeBufferPointer(start: stream.pointee.next_in, count: available)
                var k = 0
                while k < available {
                    if bytes[k] == 0x1F {
                        if k + 2 < available {
                            if bytes[k + 1] == 0x8B && bytes[k + 2] == 0x08 {
                                consumed += Int64(k)
                                stream.pointee.next_in += k
                                stream.pointee.avail_in -= UInt32(k)
                                return true
                            }
                        } else {
                            // A candidate cut by the buffer's end: keep its bytes and read on behind them.
                            let keep = available - k
                            memmove(input, stream.pointee.next_in + k, keep)
                            let n = fread(input + keep, 1, chunkSize - keep, file)
                            consumed += Int64(k)
                            stream.pointee.next_in = input
                            stream.pointee.avail_in = UInt32(keep + n)
                            if n == 0 { consumed += Int64(keep); stream.pointee.avail_in = 0; return false }
                            break
                        }
                    }
                    k += 1
                }
                if k == available {
                    consumed += Int64(available)
                    stream.pointee.avail_in = 0
                }
            }
        }

        /// Reports a failed member and resumes at the next header; false when reading is over.
        func fail(_ error: GzipError) -> Bool {
            if firstError == nil { firstError = error }
            memberFailed(error)
            inMember = false
            guard error.kind == .data, seekNextMember() else { return false }
            inflateReset(stream)
            return true
        }

        func ending() -> Outcome {
            firstError.map { .damaged($0) } ?? .complete(compressedBytes: consumed)
        }

        while true {
            // A caller that has read enough (a sample) stops here; what was delivered is all it gets.
            if shouldStop() { return ending() }
            if stream.pointee.avail_in == 0 {
                guard refill() else {
                    if ferror(file) != 0 {
                        let error = GzipError(kind: .io, message: "read error in \(path): \(String(cString: strerror(errno)))", compressedOffset: consumed)
                        guard started else { return .unreadable(error) }
                        _ = fail(error)
                        return ending()
                    }
                    if inMember {
                        let error = GzipError(kind: .truncated, message: "unexpected end of file", compressedOffset: consumed)
                        guard started else { return .unreadable(error) }
                        _ = fail(error)
                    }
                    return ending()
                }
            }
            inMember = true
            stream.pointee.next_out = output
            stream.pointee.avail_out = UInt32(chunkSize)
            let before = stream.pointee.avail_in
            let code = inflate(stream, Z_NO_FLUSH)
            consumed += Int64(before - stream.pointee.avail_in)
            let produced = chunkSize - Int(stream.pointee.avail_out)
            if produced > 0 {
                started = true
                body(UnsafeBufferPointer(start: output, count: produced))
            }
            switch code {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                started = true
                inMember = false
                memberVerified()
                inflateReset(stream)
                guard refill() else { continue }  // end of file (or a read error) is handled at the top of the loop
                // Some writers pad files with zero bytes after the last member; like gzip(1), accept that.
                if onlyZerosRemain(stream.pointee.next_in, Int(stream.pointee.avail_in), file: file) {
                    return ending()
                }
            case Z_DATA_ERROR, Z_NEED_DICT:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "invalid compressed data"
                let error = GzipError(kind: .data, message: message, compressedOffset: consumed)
                // Nothing read yet: not gzip at all, unless a member header follows the damage.
                guard fail(error) else { return started ? ending() : .unreadable(error) }
                started = true
            case Z_MEM_ERROR:
                let error = GzipError(kind: .memory, message: "out of memory", compressedOffset: consumed)
                guard started else { return .unreadable(error) }
                _ = fail(error)
                return ending()
            default:
                let error = GzipError(kind: .zlib(code: code), message: "inflate returned \(code)", compressedOffset: consumed)
                guard started else { return .unreadable(error) }
                _ = fail(error)
                return ending()
            }
        }
    }
}
