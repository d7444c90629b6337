import FissionModel
import FissionState
import Foundation

/// What every distributed stage shares: the config and clocks of one run, and the keys that tie its partials
/// together.
///
/// `extract` partials depend only on how lines are decoded and screened (`extractKey`) and, with `max_future_skew`, on
/// the clock they were screened against. Identity and reduced partials and the published tables also depend on the
/// config's bytes and on `--as-of`; the run's clock is `resolve`'s, recorded in the identity partial.
public struct StageRun: Sendable {
    public var runner: PipelineRunner

    /// `now`: the run's clock (`--now`, else the wall clock): the future-skew screen in `extract`, and the run date
    /// when there is no `--as-of` in `resolve` (and so in `finalize`).
    public init(config: PipelineConfig, asOf: Date? = nil, now: Date = Date()) {
        runner = PipelineRunner(config: config, now: now, asOf: asOf, mode: .rebuild)
    }

    var config: PipelineConfig { runner.config }

    /// The key of `extract` partials: what decides their content besides the files (decoding, time zone, kept
    /// properties, the per-file cap on stored rejected lines, the future-skew rule).
    var extractKey: String {
        let skew = config.maxFutureSkewSeconds.map(String.init) ?? "none"
        return SHA256.hex(Array("extract|\(config.stateFingerprint)|\(config.maxRejectedRowsPerFile)|\(skew)".utf8))
    }

    /// The key of identity and reduced partials.
    var runKey: String {
        let asOf = runner.asOf.map { "\(PipelineRunner.timestamp($0).millisecondsSinceEpoch)" } ?? "now"
        return SHA256.hex(Array("run|\(config.sha256)|\(config.stateFingerprint)|\(asOf)".utf8))
    }
}

/// Which of `n` shards a person belongs to: FNV-1a (64-bit) of the person key's UTF-8 bytes, modulo `n`. Stable
/// across machines, processes and Swift versions (unlike `Hasher`).
public enum PersonShard {
    public static func of(personKey: String, shards n: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in personKey.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(max(n, 1)))
    }
}

extension StageRun {
    /// The input files a run of this config reads (sorted), and the entries it lists but does not read, with why.
    public func inputs() throws -> (files: [String], skipped: [(path: String, reason: String)]) {
        let resolved = try InputResolver.resolve(config)
        return (resolved.files, resolved.skipped.map { ($0.path, $0.reason) })
    }
}
