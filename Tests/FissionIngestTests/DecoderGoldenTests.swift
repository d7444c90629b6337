import FissionGzip
import FissionIngest
import FissionModel
import FissionTestSupport
import Foundation
import Testing

/// Every accept/reject decision, rejection detail and decoded value of the event decoder over the sample lines and
/// 100,000 deterministic mutations of them, reduced to one FNV-1a fingerprint. The expected value was computed with
/// the decoder as it was before the field plan and the batch path (commit da263ae), so any change in behaviour shows.
struct DecoderGoldenTests {
    static let expected: UInt64 = 12_851_919_889_548_225_584

    static func fnv(_ h: inout UInt64, _ text: String) {
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
    }

    static func mutate(_ line: [UInt8], _ rng: inout UInt64) -> [UInt8] {
        func next(_ n: Int) -> Int {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            return Int((rng >> 33) % UInt64(max(n, 1)))
        }
        var out = line
        let at = next(out.count + 1)
        let inserts: [String] = [
            #"\u"#, #"\ud800"#, #"\udc00x"#, #"\q"#, "\u{0}", "99999999999999999999999", "1e999", "-0.0e-5",
            String(repeating: "[", count: 70) + String(repeating: "]", count: 70), #","props":{"amount":"x"}"#,
            #","event_id":"dup""#, #","props":{"channel":"group","src":"ad","amount":"1.00"}"#, #"{"a":{"b":{"c":[1,{"d":2}]}}}"#,
            ",", "}", "\"", "\u{7F}", "\u{FF}", " \t\r\n", #","ts":1717200000000"#, #","ts":"2025-06-01T10:00:00.123456789Z""#,
            #","props":{"amount":"100000000000.00","currency":"usd"}"#, #","platform":"WeChat""#,
        ]
        switch next(4) {
        case 0: if !out.isEmpty { out[min(at, out.count - 1)] ^= UInt8(1 << next(8)) }
        case 1: out = Array(out.prefix(at))
        case 2: out.insert(contentsOf: Array(inserts[next(inserts.count)].utf8), at: at)
        default: if out.count > 2 { out.remove(at: min(at, out.count - 1)) }
        }
        return out
    }

    @Test func decoderBehaviourIsUnchanged() {
        let root = FissionBinary.packageRoot.appendingPathComponent("SampleData/events")
        var lines: [[UInt8]] = []
        for relative in (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).sorted()
        where relative.hasSuffix(".jsonl.gz") {
            var bytes: [UInt8] = []
            _ = GzipReader.read(path: root.appendingPathComponent(relative).path) { bytes.append(contentsOf: $0) }
            lines += bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        }
        #expect(lines.count > 30_000)
        let decoder = EventDecoder(options: DecodeOptions(currencyRates: ["USD": ExchangeRate(decimal: "7.10")!]))
        var rng: UInt64 = 2024
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in 0..<(lines.count + 100_000) {
            let line = k < lines.count ? lines[k] : Self.mutate(lines[k % lines.count], &rng)
            switch line.withUnsafeBufferPointer({ decoder.decode($0) }) {
            case .failure(let f):
                Self.fnv(&h, "\(f.reason)|\(f.detail)\n")
            case .success(let e):
                let props = e.props.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                Self.fnv(&h, "\(e.eventID)|\(e.name)|\(e.kind)|\(e.time)|\(e.platform)|\(e.userID ?? "-")|\(e.anonymousID ?? "-")|\(e.unionID ?? "-")|\(e.amount.map(\.value) ?? -1)|\(props)\n")
            }
        }
        #expect(h == Self.expected, "the decoder's behaviour changed: fingerprint \(h)")
    }
}
