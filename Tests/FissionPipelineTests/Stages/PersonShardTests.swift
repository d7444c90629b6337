import FissionPipeline
import Testing

struct PersonShardTests {
    /// FNV-1a 64 of the key's UTF-8 bytes modulo N: fixed values, so every machine and Swift version agrees.
    @Test func shardsAreFNV1aOfTheKey() {
        // FNV-1a 64 of "" is the offset basis 0xcbf29ce484222325; of "a" it is 0xaf63dc4c8601ec8c.
        #expect(PersonShard.of(personKey: "", shards: 1_000_000_007) == Int(UInt64(0xcbf2_9ce4_8422_2325) % 1_000_000_007))
        #expect(PersonShard.of(personKey: "a", shards: 1_000_000_007) == Int(UInt64(0xaf63_dc4c_8601_ec8c) % 1_000_000_007))
        #expect(PersonShard.of(personKey: "wechat:user:wx-o-81f2", shards: 1) == 0)
    }

    @Test func personsSpreadOverTheShards() {
        var counts = Array(repeating: 0, count: 7)
        for i in 0..<7000 { counts[PersonShard.of(personKey: "app:user:u\(i)", shards: 7)] += 1 }
        #expect(counts.allSatisfy { (800...1200).contains($0) }, "\(counts)")
    }
}
