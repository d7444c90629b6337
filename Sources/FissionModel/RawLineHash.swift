/// FNV-1a, 64 bits, of a line's bytes: a deterministic fingerprint that tells identical lines from different ones
/// (equal fingerprints of different lines have a 2⁻⁶⁴ chance and would only make two copies count as identical).
public enum RawLineHash {
    /// Inlinable, so callers in other modules get a specialised loop rather than generic iteration per byte.
    @inlinable
    public static func of(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }
}
