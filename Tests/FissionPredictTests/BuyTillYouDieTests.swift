import FissionPredict
import Foundation
import Testing

/// The models fitted on the CDNOW summary the methods were published on (2,357 customers, 39 weeks; the summary file
/// of the `lifetimes` package, whose t_x and T are rounded to 2 decimals), against the published estimates.
struct BuyTillYouDieTests {
    static let cdnow = TestData.cdnowSummary

    /// Fader, Hardie & Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, log-likelihood −9582.4.
    @Test func bgnbdReproducesThePublishedCDNOWEstimates() {
        #expect(Self.cdnow.count == 2357)
        let m = BGNBD.fit(Self.cdnow)
        let ll = m.logLikelihood(Self.cdnow)
        print("CDNOW summary BG/NBD: \(m), LL \(ll)")
        #expect(rounds(m.r, to: 0.243, places: 3) && rounds(m.alpha, to: 4.414, places: 3), "\(m)")
        #expect(rounds(m.a, to: 0.793, places: 3) && rounds(m.b, to: 2.426, places: 3), "\(m)")
        #expect(near(ll, -9582.4, 0.1), "\(ll)")
    }

    /// Fader & Hardie (2005 note; Schmittlein et al. 1987 model): r = 0.553, α = 10.578, s = 0.606, β = 11.669,
    /// log-likelihood −9595.0.
    @Test func paretoNBDReproducesThePublishedCDNOWEstimates() {
        let m = ParetoNBD.fit(Self.cdnow)
        let ll = m.logLikelihood(Self.cdnow)
        print("CDNOW summary Pareto/NBD: \(m), LL \(ll)")
        #expect(near(m.r, 0.553, 0.001) && near(m.alpha, 10.578, 0.001), "\(m)")
        #expect(near(m.s, 0.606, 0.001) && near(m.beta, 11.669, 0.001), "\(m)")
        #expect(near(ll, -9595.0, 0.1), "\(ll)")
    }

    /// Fader, Hardie & Lee (2005, "RFM and CLV"): p = 6.25, q = 3.74, γ = 15.44 on the 946 repeat buyers.
    @Test func gammaGammaReproducesThePublishedCDNOWEstimates() {
        #expect(Self.cdnow.filter { $0.x > 0 }.count == 946)
        let m = GammaGamma.fit(Self.cdnow)
        print("CDNOW summary Gamma-Gamma: \(m)")
        #expect(rounds(m.p, to: 6.25, places: 2) && rounds(m.q, to: 3.74, places: 2), "\(m)")
        #expect(near(m.gamma, 15.44, 0.01), "\(m)")
    }

    /// The fits do not depend on the order of the customers, to the last bit.
    @Test func fitsIgnoreInputOrder() {
        let reversed = Array(Self.cdnow.reversed())
        #expect(BGNBD.fit(reversed) == BGNBD.fit(Self.cdnow))
        #expect(ParetoNBD.fit(reversed) == ParetoNBD.fit(Self.cdnow))
        #expect(GammaGamma.fit(reversed) == GammaGamma.fit(Self.cdnow))
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
