import FissionPredict
import Foundation
import Testing

/// The calibration/holdout table, the CLV sum and the frequency–value correlation on hand numbers.
struct HoldoutAndCLVTests {
    /// A model whose conditional expectation is x + t/10, to check the bookkeeping by hand.
    struct Linear: TransactionModel {
        func logLikelihood(_ h: PurchaseHistory) -> Double { 0 }
        func probabilityAlive(_ h: PurchaseHistory) -> Double { 1 }
        func expectedTransactions(inNext t: Double, given h: PurchaseHistory) -> Double { h.x + t / 10 }
        func expectedTransactions(in t: Double) -> Double { t / 10 }
        static func fit(_ histories: [PurchaseHistory]) -> Linear { Linear() }
    }

    @Test func holdoutBuckets() {
        let xs: [Double] = [0, 0, 1, 3, 7, 9]
        let calibration = xs.map { PurchaseHistory(x: $0, tx: $0, T: 10) }
        let table = HoldoutComparison(model: Linear(), calibration: calibration, actual: [0, 1, 2, 2, 5, 11], length: 5)
        #expect(table.buckets.map(\.label) == ["0", "1", "2", "3", "4", "5", "6", "7+"])
        #expect(table.buckets.map(\.customers) == [2, 1, 0, 1, 0, 0, 0, 2])
        #expect(table.buckets[0].actualMean == 0.5 && table.buckets[0].predictedMean == 0.5)
        #expect(table.buckets[7].actualMean == 8 && table.buckets[7].predictedMean == 8.5)
        #expect(table.buckets[2].actualMean == 0 && table.buckets[2].predictedMean == 0)
        #expect(table.actualTotal == 21 && table.predictedTotal == 20 + 6 * 0.5 && table.unconditionalTotal == 6 * 0.5)
    }

    /// With no discount the CLV is E[Y(H months)] × value; with a discount each month's increment is discounted.
    @Test func clv() {
        let h = PurchaseHistory(x: 2, tx: 5, T: 10)
        let model = BGNBD(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)
        let plain = CLV(months: 12, monthlyDiscount: 0, daysPerUnit: 7)
        let horizon = 12 * 30.0 / 7
        #expect(near(plain.value(of: h, model: model, orderValue: 35), model.expectedTransactions(inNext: horizon, given: h) * 35, 1e-9))
        // Linear: 3 units per month of 30 days with a 10-day unit, so each month adds 0.3 transactions.
        let discounted = CLV(months: 2, monthlyDiscount: 0.1, daysPerUnit: 10)
        #expect(near(discounted.value(of: h, model: Linear(), orderValue: 100), 2.3 * 100 / 1.1 + 0.3 * 100 / 1.21, 1e-9))
        #expect(CLV(months: 0).value(of: h, model: Linear(), orderValue: 100) == 0)
    }

    /// Pearson's r over the customers with x > 0: (1, 10), (2, 20), (3, 20), (4, 30) by hand: Σδxδz = 30,
    /// Σδx² = 5, Σδz² = 200, r = 30/√1000; the customer with x = 0 is left out.
    @Test func frequencyValueCorrelation() {
        let h = [(0.0, 0.0), (1, 10), (2, 20), (3, 20), (4, 30)].map { PurchaseHistory(x: $0.0, tx: 0, T: 5, meanValue: $0.1) }
        let r = GammaGamma.frequencyValueCorrelation(h)!
        #expect(near(r, 30 / 1000.0.squareRoot(), 1e-12), "\(r)")
        #expect(GammaGamma.frequencyValueCorrelation(Array(h.prefix(2))) == nil)
        #expect(near(GammaGamma.frequencyValueCorrelation(TestData.cdnowSummary)!, 0.113884, 1e-5))
    }
}
