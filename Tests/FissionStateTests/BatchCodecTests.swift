import FissionModel
import FissionState
import FissionTestSupport
import Testing

struct BatchCodecTests {
    func batch() -> EventBatch {
        var b = EventBatch([
            Fixtures.event("e1", "order_paid", "2025-06-01T10:00:00+08:00", platform: "wechat", user: "u1", anon: "d1",
                           union: "U1", props: ["order_id": "o1", "channel": "群"], amount: "19.90"),
            Fixtures.event("e2", "page_view", "2025-06-01T10:00:01Z", platform: "web", anon: "d2"),
            Fixtures.event("e\u{301}3", "share", "1970-01-01T00:00:00Z", platform: "app", user: "u3", props: ["share_id": "s"]),
        ])
        b.lines = [3, 7, 9]
        b.rawHashes = [1, UInt64.max, 42]
        b.seal()
        return b
    }

    @Test func roundTripsEveryColumn() throws {
        let b = batch()
        #expect(try BatchCodec.decode(BatchCodec.encode(b)) == b)
        var empty = EventBatch()
        empty.seal()
        #expect(try BatchCodec.decode(BatchCodec.encode(empty)) == empty)
    }

    /// Every truncation and a damaged symbol index are errors, never a crash or a wrong batch.
    @Test func damagedBytesAreErrors() {
        let bytes = BatchCodec.encode(batch())
        for n in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: BatchCodec.DecodeError.self) { try BatchCodec.decode(Array(bytes.prefix(n))) }
        }
        #expect(throws: BatchCodec.DecodeError.self) { try BatchCodec.decode(bytes + [0]) }
        var wrongMagic = bytes
        wrongMagic[3] = UInt8(ascii: "9")
        #expect(throws: BatchCodec.DecodeError(message: "not an FSB1 batch")) { try BatchCodec.decode(wrongMagic) }
    }
}
