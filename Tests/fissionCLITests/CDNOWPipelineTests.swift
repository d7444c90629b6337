import FissionModel
import FissionStore
import FissionTestSupport
import Foundation
import Testing

/// The whole path on the data the models were published on: the raw CDNOW sample converted by
/// scripts/cdnow-to-fission, `fission run` with the `clv` job (weeks, calibration to 1997-09-30, holdout from
/// 1997-10-01), and the published estimates read back from `clv_params`.
@Suite(.serialized)
struct CDNOWPipelineTests {
    static func rounds(_ value: SQLValue?, _ published: Double, places: Int) -> Bool {
        guard case .real(let v)? = value else { return false }
        let scale = pow(10, Double(places))
        return (v * scale).rounded() / scale == published
    }

    @Test(.enabled(if: CDNOWData.sampleFile != nil, CDNOWData.missingReason))
    func publishedEstimatesFromTheRawTransactions() throws {
        let dir = TemporaryDirectory()
        let convert = Process()
        convert.executableURL = FissionBinary.packageRoot.appendingPathComponent("scripts/cdnow-to-fission")
        convert.arguments = [CDNOWData.sampleFile!.path, "--out", dir.path("events"), "--per-day"]
        try convert.run()
        convert.waitUntilExit()
        #expect(convert.terminationStatus == 0)
        try """
            { name: "cdnow", inputs: ["events"], database: "cdnow.sqlite", timezone: "UTC", currency: "USD",
              jobs: { clv: { holdout_from: "1997-10-01", time_unit: "week", segments: ["all"] } } }
            """.write(toFile: dir.path("cdnow.json"), atomically: true, encoding: .utf8)
        let run = try FissionBinary.run(["run", dir.path("cdnow.json"), "--quiet"])
        #expect(run.exitCode == 0, "\(run.stderr)")
        let db = try Database(path: dir.path("cdnow.sqlite"), readOnly: true)
        let params = Dictionary(uniqueKeysWithValues: try db.rows("SELECT model || '.' || parameter, value FROM clv_params").map { ($0[0].description, $0[1]) })
        let published: [(String, Double, Int)] = [
            ("bgnbd.r", 0.243, 3), ("bgnbd.alpha", 4.414, 3), ("bgnbd.a", 0.793, 3), ("bgnbd.b", 2.426, 3),
            ("pareto_nbd.r", 0.553, 3), ("pareto_nbd.alpha", 10.578, 3), ("pareto_nbd.s", 0.606, 3), ("pareto_nbd.beta", 11.669, 3),
        ]
        for (name, value, places) in published {
            #expect(Self.rounds(params[name], value, places: places), "\(name) = \(params[name] ?? .null), published \(value)")
        }
        // Gamma-Gamma in cents: γ is 100 × the published dollars.
        #expect(Self.rounds(params["gamma_gamma.p"], 6.25, places: 2) && Self.rounds(params["gamma_gamma.q"], 3.74, places: 2))
        if case .real(let gamma)? = params["gamma_gamma.gamma"] { #expect(gamma.rounded() / 100 == 15.44, "γ = \(gamma) cents") }
        let ll = try db.rows("SELECT model, log_likelihood, persons FROM clv_params WHERE parameter IN ('r', 'p') ORDER BY model")
        #expect(ll.map { $0[2] } == [2357, 946, 2357])
        if case .real(let v) = ll[0][1] { #expect(abs(v - -9582.4) < 0.1, "BG/NBD LL \(v)") }
        if case .real(let v) = ll[2][1] { #expect(abs(v - -9595.0) < 0.1, "Pareto/NBD LL \(v)") }
        let holdout = try db.rows("SELECT actual_transactions, predicted_transactions FROM clv_holdout WHERE frequency = 'all' ORDER BY model")
        #expect(holdout.map { $0[0] } == [1882, 1882])
        print("CDNOW through the pipeline: \(params.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        print("CDNOW holdout (bgnbd, pareto_nbd): actual 1882, predicted \(holdout.map { $0[1].description })")
    }
}
