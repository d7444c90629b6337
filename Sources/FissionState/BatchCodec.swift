import FissionModel

/// The bytes of a file's `EventBatch` as the nightly state keeps it: format `FSB1`, little-endian.
///
///     "FSB1" · u32 symbol count · symbols (u32 byte length + UTF-8 each) · u32 event count ·
///     event ids (u32 byte length + UTF-8 each) · times (i64 ms) · names · platforms · users · anonymous ids ·
///     union ids (i32 symbol, −1 = none) · kinds (u8, `EventKind` order) · amounts (i64 minor units) ·
///     lines (i32) · raw line fingerprints (u64) · property starts (i32 × (events + 1)) · properties (i32 key, i32 value)
///
/// Decoding checks every length and symbol against what is left, so a truncated or damaged blob is an error, never a
/// crash.
public enum BatchCodec {
    static let magic: [UInt8] = Array("FSB1".utf8)
    static let kinds = EventKind.allCases

    public struct DecodeError: Error, Equatable, CustomStringConvertible {
        public var message: String
        public init(message: String) { self.message = message }
        public var description: String { "damaged state batch: \(message)" }
    }

    public static func encode(_ b: EventBatch) -> [UInt8] {
        var out = magic
        out.reserveCapacity(64 + b.count * 64 + b.eventIDs.reduce(0) { $0 + $1.utf8.count } + b.properties.count * 8)
        /// Appends raw bytes with one copy (appending a raw buffer as a sequence goes byte by byte).
        func raw(_ bytes: UnsafeRawBufferPointer) {
            guard let base = bytes.baseAddress, bytes.count > 0 else { return }
            let start = out.count
            out.append(contentsOf: repeatElement(0, count: bytes.count))
            out.withUnsafeMutableBytes { ($0.baseAddress! + start).copyMemory(from: base, byteCount: bytes.count) }
        }
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { raw($0) } }
        // Whole columns at once (after a byte swap on big-endian machines only).
        func i32s(_ a: [Int32]) {
            if Int32(1).littleEndian == 1 { a.withUnsafeBytes { raw($0) } } else { a.map(\.littleEndian).withUnsafeBytes { raw($0) } }
        }
        func i64s(_ a: [Int64]) {
            if Int64(1).littleEndian == 1 { a.withUnsafeBytes { raw($0) } } else { a.map(\.littleEndian).withUnsafeBytes { raw($0) } }
        }
        func strings(_ a: [String]) {
            u32(a.count)
            for s in a {
                var s = s
                s.withUTF8 { u32($0.count); raw(UnsafeRawBufferPointer($0)) }
            }
        }
        strings(b.symbols.strings)
        strings(b.eventIDs)
        i64s(b.times.map(\.millisecondsSinceEpoch))
        i32s(b.names.map(\.index)); i32s(b.platforms.map(\.index))
        i32s(b.users); i32s(b.anonymousIDs); i32s(b.unionIDs)
        out += b.kinds.map { UInt8(kinds.firstIndex(of: $0)!) }
        i64s(b.amounts.map(\.value))
        i32s(b.lines)
        i64s(b.rawHashes.map { Int64(bitPattern: $0) })
        i32s(b.propertyStarts)
        u32(b.properties.count)
        i32s(b.properties.flatMap { [$0.key.index, $0.value.index] })
        return out
    }

    /// A column of little-endian 32-bit integers, as a batch stores its own (the distributed partials' row and account
    /// columns).
    public static func encode(int32s a: [Int32]) -> [UInt8] {
        if Int32(1).littleEndian == 1 { return a.withUnsafeBytes { Array($0) } }
        return a.map(\.littleEndian).withUnsafeBytes { Array($0) }
    }

    /// The integers of `encode(int32s:)`; throws `DecodeError` when the length is not a whole number of them.
    public static func decode(int32s bytes: [UInt8]) throws(DecodeError) -> [Int32] {
        guard bytes.count % 4 == 0 else { throw DecodeError(message: "an integer column is cut short") }
        var r = Reader(bytes: bytes)
        return try r.i32s(bytes.count / 4)
    }

    /// Throws `DecodeError`. (Untyped: Swift 6.3 miscompiles typed-throwing functions that return a large struct.)
    public static func decode(_ bytes: [UInt8]) throws -> EventBatch {
        var r = Reader(bytes: bytes)
        guard bytes.starts(with: magic) else { throw DecodeError(message: "not an FSB1 batch") }
        r.at = 4
        let symbols = SymbolTable(sealed: try r.strings())
        let symbolCount = Int32(symbols.strings.count)
        func symbol(_ v: Int32, optional: Bool = false) throws(DecodeError) -> Int32 {
            guard (0..<symbolCount).contains(v) || (optional && v == EventBatch.none) else { throw DecodeError(message: "symbol out of range") }
            return v
        }
        var b = EventBatch()
        b.eventIDs = try r.strings()
        let n = b.eventIDs.count
        b.times = try r.i64s(n).map(Timestamp.init(millisecondsSinceEpoch:))
        b.names = try r.i32s(n).map { v throws(DecodeError) in Symbol(try symbol(v)) }
        b.platforms = try r.i32s(n).map { v throws(DecodeError) in Symbol(try symbol(v)) }
        b.users = try r.i32s(n).map { v throws(DecodeError) in try symbol(v, optional: true) }
        b.anonymousIDs = try r.i32s(n).map { v throws(DecodeError) in try symbol(v, optional: true) }
        b.unionIDs = try r.i32s(n).map { v throws(DecodeError) in try symbol(v, optional: true) }
        b.kinds = try r.bytes(n).map { k throws(DecodeError) in
            guard Int(k) < kinds.count else { throw DecodeError(message: "unknown event kind") }
            return kinds[Int(k)]
        }
        b.amounts = try r.i64s(n).map(MinorUnits.init)
        b.lines = try r.i32s(n)
        b.rawHashes = try r.i64s(n).map { UInt64(bitPattern: $0) }
        b.propertyStarts = try r.i32s(n + 1)
        let propertyCount = try r.u32()
        let pairs = try r.i32s(2 * propertyCount)
        guard b.propertyStarts.first == 0, b.propertyStarts.last == Int32(propertyCount),
              zip(b.propertyStarts, b.propertyStarts.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw DecodeError(message: "property ranges out of order")
        }
        b.properties = try stride(from: 0, to: pairs.count, by: 2).map { i throws(DecodeError) in
            PropertySymbols(key: Symbol(try symbol(pairs[i])), value: Symbol(try symbol(pairs[i + 1])))
        }
        guard r.at == bytes.count else { throw DecodeError(message: "\(bytes.count - r.at) bytes left over") }
        b.symbols = symbols
        return b
    }

    private struct Reader {
        var bytes: [UInt8]
        var at = 0

        mutating func take(_ count: Int) throws(DecodeError) -> ArraySlice<UInt8> {
            guard count >= 0, count <= bytes.count - at else { throw DecodeError(message: "ends early") }
            defer { at += count }
            return bytes[at..<at + count]
        }

        mutating func u32() throws(DecodeError) -> Int {
            Int(try fixed(1, as: UInt32.self)[0])
        }

        mutating func bytes(_ n: Int) throws(DecodeError) -> [UInt8] { Array(try take(n)) }

        mutating func i32s(_ n: Int) throws(DecodeError) -> [Int32] { try fixed(n, as: Int32.self) }

        mutating func i64s(_ n: Int) throws(DecodeError) -> [Int64] { try fixed(n, as: Int64.self) }

        /// `n` little-endian integers, copied out without per-byte arithmetic.
        mutating func fixed<T: FixedWidthInteger>(_ n: Int, as: T.Type) throws(DecodeError) -> [T] {
            guard n >= 0, n <= (bytes.count - at) / MemoryLayout<T>.size else { throw DecodeError(message: "ends early") }
            let slice = try take(n * MemoryLayout<T>.size)
            return slice.withUnsafeBytes { raw in
                (0..<n).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
            }
        }

        mutating func strings() throws(DecodeError) -> [String] {
            let count = try u32()
            guard count <= bytes.count - at else { throw DecodeError(message: "ends early") }
            var out: [String] = []
            out.reserveCapacity(count)
            for _ in 0..<count {
                let length = try u32()
                out.append(String(decoding: try take(length), as: UTF8.self))
            }
            return out
        }
    }
}
