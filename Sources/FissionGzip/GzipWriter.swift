import CZlib

/// Compresses bytes into one complete gzip member. Concatenate members to make a multi-member file.
public enum GzipWriter {
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws(GzipError) -> [UInt8] {
        // zlib keeps a pointer back to the z_stream, so it must not move between calls: heap-allocate it.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        let initCode = CZlib_deflateInit2(stream, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY)
        guard initCode == Z_OK else { throw GzipError(kind: .zlib(code: initCode), message: "deflateInit2 failed") }
        defer { deflateEnd(stream) }

        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, UInt(bytes.count))) + 32)
        var input = bytes
        let code: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.pointee.next_in = inBuf.baseAddress
                stream.pointee.avail_in = UInt32(inBuf.count)
                stream.pointee.next_out = outBuf.baseAddress
                stream.pointee.avail_out = UInt32(outBuf.count)
                return deflate(stream, Z_FINISH)
            }
        }
        guard code == Z_STREAM_END else { throw GzipError(kind: .zlib(code: code), message: "deflate returned \(code)") }
        output.removeLast(Int(stream.pointee.avail_out))
        return output
    }
}
