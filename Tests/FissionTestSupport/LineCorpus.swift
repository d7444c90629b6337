import FissionGzip
import Foundation

/// A corpus of event lines for differential and golden decoder tests: the lines of the sample data as it was when the
/// decoder's fingerprint was taken (frozen in `Tests/Fixtures/decoder-corpus`, so regenerating the sample data does not
/// move it), and deterministic mutations of them.
public enum LineCorpus {
    /// Every line of the frozen corpus, files in path order.
    public static func sampleLines() -> [[UInt8]] {
        let root = FissionBinary.packageRoot.appendingPathComponent("Tests/Fixtures/decoder-corpus/events")
        var lines: [[UInt8]] = []
        for relative in (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).sorted()
        where relative.hasSuffix(".jsonl.gz") {
            var bytes: [UInt8] = []
            _ = GzipReader.read(path: root.appendingPathComponent(relative).path) { bytes.append(contentsOf: $0) }
            lines += bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        }
        return lines
    }

    /// What `mutate` may insert: bad escapes, lone surrogates, NULs, huge numbers, deep nesting, duplicate keys,
    /// odd timestamps, amounts and platforms. (`DecoderGoldenTests`' fingerprint depends on this exact list.)
    static let inserts: [String] = [
        #"\u"#, #"\ud800"#, #"\udc00x"#, #"\q"#, "\u{0}", "99999999999999999999999", "1e999", "-0.0e-5",
        String(repeating: "[", count: 70) + String(repeating: "]", count: 70), #","props":{"amount":"x"}"#,
        #","event_id":"dup""#, #","props":{"channel":"group","src":"ad","amount":"1.00"}"#, #"{"a":{"b":{"c":[1,{"d":2}]}}}"#,
        ",", "}", "\"", "\u{7F}", "\u{FF}", " \t\r\n", #","ts":1717200000000"#, #","ts":"2025-06-01T10:00:00.123456789Z""#,
        #","props":{"amount":"100000000000.00","currency":"usd"}"#, #","platform":"WeChat""#,
    ]

    /// One mutation of `line`, driven by the linear congruential generator `rng`: a byte flip, a truncation, an
    /// insertion from `inserts`, or a deleted byte.
    public static func mutate(_ line: [UInt8], _ rng: inout UInt64) -> [UInt8] {
        func next(_ n: Int) -> Int {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            return Int((rng >> 33) % UInt64(max(n, 1)))
        }
        var out = line
        let at = next(out.count + 1)
        switch next(4) {
        case 0: if !out.isEmpty { out[min(at, out.count - 1)] ^= UInt8(1 << next(8)) }
        case 1: out = Array(out.prefix(at))
        case 2: out.insert(contentsOf: Array(inserts[next(inserts.count)].utf8), at: at)
        default: if out.count > 2 { out.remove(at: min(at, out.count - 1)) }
        }
        return out
    }
}
