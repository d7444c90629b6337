import FissionState
import FissionTestSupport
import Testing

struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    /// Fed in uneven pieces, or read from a file in chunks, the digest is the same.
    @Test func streamingEqualsOneShot() {
        let bytes = (0..<200_003).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var hasher = SHA256()
        var i = 0
        for size in [1, 63, 64, 65, 1000, 130_000] { hasher.update(bytes[i..<i + size]); i += size }
        hasher.update(bytes[i...])
        #expect(hasher.finalizeHex() == SHA256.hex(bytes))
        let dir = TemporaryDirectory()
        #expect(SHA256.hex(ofFile: dir.write("f", bytes: bytes)) == SHA256.hex(bytes))
        #expect(SHA256.hex(ofFile: dir.path("missing")) == nil)
    }
}
