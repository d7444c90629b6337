import FissionPredict
import FissionTestSupport
import Foundation
import Testing

/// The models fitted on the CDNOW sample the methods were published on (2,357 customers, 39 weeks; the summary file
/// of the `lifetimes` package, MIT licence), against the published estimates.
struct BuyTillYouDieTests {
    static let cdnow: [PurchaseHistory] = {
        let url = FissionBinary.packageRoot.appendingPathComponent("Tests/Fixtures/cdnow_customers_summary_with_transactions.csv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            let f = line.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            return f.count == 5 ? PurchaseHistory(x: f[1], tx: f[2], T: f[3], meanValue: f[4]) : nil
        }
    }()

    func close(_ a: Double, _ b: Double, _ relative: Double = 0.01) -> Bool { abs(a - b) <= relative * abs(b) }

    /// Fader, Hardie & Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, log-likelihood −9582.4.
    @Test func bgnbdReproducesThePublishedCDNOWEstimates() {
        #expect(Self.cdnow.count == 2357)
        let m = BGNBD.fit(Self.cdnow)
        #expect(close(m.r, 0.243) && close(m.alpha, 4.414) && close(m.a, 0.793) && close(m.b, 2.426), "\(m)")
        #expect(abs(m.logLikelihood(Self.cdnow) - (-9582.4)) < 0.5)
    }

    /// Fader, Hardie & Lee (2005, "RFM and CLV"): p = 6.25, q = 3.74, γ = 15.44 on the 946 repeat buyers.
    @Test func gammaGammaReproducesThePublishedCDNOWEstimates() {
        let m = GammaGamma.fit(Self.cdnow)
        #expect(close(m.p, 6.25) && close(m.q, 3.74) && close(m.gamma, 15.44), "\(m)")
    }

    /// P(alive) is 1 without repeat purchases and falls the longer a frequent buyer has been silent.
    @Test func probabilityAliveBehaves() {
        let m = BGNBD(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)
        #expect(m.probabilityAlive(PurchaseHistory(x: 0, tx: 0, T: 38)) == 1)
        let recent = m.probabilityAlive(PurchaseHistory(x: 5, tx: 37, T: 38))
        let silent = m.probabilityAlive(PurchaseHistory(x: 5, tx: 5, T: 38))
        #expect(recent > 0.85 && silent < recent)  // 0.877 and 0.003 with the published estimates
    }
}
