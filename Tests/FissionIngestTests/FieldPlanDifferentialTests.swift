import FissionIngest
import FissionModel
import FissionTestSupport
import Foundation
import Testing

/// The field plan (decoding only the `props` keys the reports read) must never change which lines are accepted, why a
/// line is rejected (reason and detail), or any kept value. Differential test: every sample line and 100,000
/// deterministic mutations of them, decoded with the full plan and with a narrow one.
struct FieldPlanDifferentialTests {
    static let plan: Set<String> = ["channel", "src"]
    let full = EventDecoder(options: DecodeOptions(currencyRates: ["USD": ExchangeRate(decimal: "7.10")!]))
    let narrow = EventDecoder(options: DecodeOptions(currencyRates: ["USD": ExchangeRate(decimal: "7.10")!],
                                                     keptProperties: Self.plan))

    /// A decoding as comparable text: the reason and detail, or every kept value.
    func outcome(_ decoder: EventDecoder, _ line: [UInt8], keepOnly: Set<String>) -> (accepted: Bool, text: String) {
        switch line.withUnsafeBufferPointer({ decoder.decode($0) }) {
        case .failure(let f):
            return (false, "\(f.reason)|\(f.detail)")
        case .success(let e):
            let props = e.props.filter { keepOnly.contains($0.key) }.sorted { $0.key < $1.key }
            return (true, "\(e.eventID)|\(e.name)|\(e.time)|\(e.platform)|\(e.userID ?? "-")|\(e.anonymousID ?? "-")|\(e.unionID ?? "-")|\(e.amount.map(\.value) ?? -1)|\(props)")
        }
    }

    /// Event `i` of `batch` as text, properties sorted (symbol numbering does not matter).
    static func row(_ b: EventBatch, _ i: Int) -> String {
        let props = b.properties[Int(b.propertyStarts[i])..<Int(b.propertyStarts[i + 1])]
            .map { "\(b.symbols[$0.key])=\(b.symbols[$0.value])" }.sorted()
        return [b.eventIDs[i], b.symbols[b.names[i]], "\(b.kinds[i])", "\(b.times[i])", b.symbols[b.platforms[i]],
                b.text(b.users[i]) ?? "-", b.text(b.anonymousIDs[i]) ?? "-", b.text(b.unionIDs[i]) ?? "-",
                "\(b.amounts[i].value)", "\(props)", "\(b.lines[i])"].joined(separator: "|")
    }

    /// Ingest decodes straight into a batch with the narrow plan and a time screen; that must give the same rows and
    /// failures as the full decoder's `Event`s (whose behaviour `DecoderGoldenTests` pins), screened and projected.
    @Test func decodingIntoABatchEqualsDecodingToEvents() {
        let lines = LineCorpus.sampleLines()
        let cutoff = Timestamp(rfc3339: "2025-06-10T00:00:00Z")!
        let screen = { (t: Timestamp) -> (RejectReason, String)? in t > cutoff ? (.futureTimestamp, "late") : nil }
        var rng: UInt64 = 7
        var viaEvents = EventBatch(), direct = EventBatch()
        var failures = 0, screened = 0
        for k in 0..<(lines.count + 30_000) {
            let line = k < lines.count ? lines[k] : LineCorpus.mutate(lines[k % lines.count], &rng)
            line.withUnsafeBufferPointer { bytes in
                let failure = narrow.decode(bytes, into: &direct, lineNumber: Int32(k), rawHash: 0, screen: screen)
                switch full.decode(bytes) {
                case .success(let event):
                    if let (reason, detail) = screen(event.time) {
                        #expect(failure == EventDecoder.Failure(reason: reason, detail: detail))
                        screened += 1
                    } else {
                        #expect(failure == nil)
                        viaEvents.append(event, line: Int32(k), keptProperties: Self.plan)
                    }
                case .failure(let expected):
                    #expect(failure == expected)
                    failures += 1
                }
            }
        }
        #expect(screened > 1_000)
        #expect(direct.count == viaEvents.count && direct.count > 15_000 && failures > 5_000)
        let mismatches = direct.indices.filter { Self.row(direct, $0) != Self.row(viaEvents, $0) }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3).map { Self.row(direct, $0) + " ≠ " + Self.row(viaEvents, $0) })")
    }

    @Test func narrowPlanDecidesEveryLineAsTheFullPlan() {
        let lines = LineCorpus.sampleLines()
        #expect(lines.count > 30_000)
        let compared = Self.plan.union(["share_id", "order_id", "group_id"])
        var rng: UInt64 = 42
        var accepted = 0, rejected = 0, mismatches: [String] = []
        for k in 0..<(lines.count + 100_000) {
            let line = k < lines.count ? lines[k] : LineCorpus.mutate(lines[k % lines.count], &rng)
            let a = outcome(full, line, keepOnly: compared), b = outcome(narrow, line, keepOnly: compared)
            if a != b, mismatches.count < 5 { mismatches.append("\(String(decoding: line, as: UTF8.self)): \(a) ≠ \(b)") }
            if a.accepted { accepted += 1 } else { rejected += 1 }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        // The corpus exercises both outcomes.
        #expect(accepted > 50_000 && rejected > 20_000, "accepted \(accepted), rejected \(rejected)")
    }
}
