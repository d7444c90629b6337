import FissionIngest
import FissionModel
import FissionTestSupport
import Foundation
import Testing

/// Every accept/reject decision, rejection detail and decoded value of the event decoder over the sample lines and
/// 100,000 deterministic mutations of them, reduced to one FNV-1a fingerprint. The expected value was computed with
/// the decoder as it was before the field plan and the batch path (commit da263ae), so any change in behaviour shows.
/// One deliberate change since is mapped back: the nesting detail (hardening issue) now names the limit.
struct DecoderGoldenTests {
    static let expected: UInt64 = 12_851_919_889_548_225_584

    static func fnv(_ h: inout UInt64, _ text: String) {
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
    }

    @Test func decoderBehaviourIsUnchanged() {
        let lines = LineCorpus.sampleLines()
        #expect(lines.count > 30_000)
        let decoder = EventDecoder(options: DecodeOptions(currencyRates: ["USD": ExchangeRate(decimal: "7.10")!]))
        var rng: UInt64 = 2024
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in 0..<(lines.count + 100_000) {
            let line = k < lines.count ? lines[k] : LineCorpus.mutate(lines[k % lines.count], &rng)
            switch line.withUnsafeBufferPointer({ decoder.decode($0) }) {
            case .failure(let f):
                let detail = f.detail.replacingOccurrences(of: "nested deeper than 64 levels", with: "nested too deeply")
                Self.fnv(&h, "\(f.reason)|\(detail)\n")
            case .success(let e):
                let props = e.props.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                Self.fnv(&h, "\(e.eventID)|\(e.name)|\(e.kind)|\(e.time)|\(e.platform)|\(e.userID ?? "-")|\(e.anonymousID ?? "-")|\(e.unionID ?? "-")|\(e.amount.map(\.value) ?? -1)|\(props)\n")
            }
        }
        #expect(h == Self.expected, "the decoder's behaviour changed: fingerprint \(h)")
    }
}
