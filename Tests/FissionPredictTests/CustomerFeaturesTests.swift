import FissionPredict
import Foundation
import Testing

/// The per-person features on hand-checked orders (day numbers are days since 1970-01-01; weeks of 7 days).
struct CustomerFeaturesTests {
    func order(_ day: Int, _ value: Int64) -> DatedOrder { DatedOrder(day: day, valueMinor: value) }

    /// Orders on days 100, 100, 107, 121 and 150 with the calibration ending on day 135: the two day-100 orders are one
    /// transaction; days 107 and 121 are the repeats (x = 2), the last 21 days after the first (tₓ = 3 weeks), T =
    /// 35/7 = 5 weeks; the mean repeat value is (1000 + 3000)/2; day 150 is after calibration.
    @Test func oneCustomer() {
        let orders = [order(121, 3000), order(100, 500), order(107, 1000), order(100, 700), order(150, 9999)]
        let h = CustomerFeatures.history(orders, calibrationEnd: 135, unitDays: 7)
        #expect(h == PurchaseHistory(x: 2, tx: 3, T: 5, meanValue: 2000))
    }

    @Test func firstDayOnlyAndDailyUnit() {
        let h = CustomerFeatures.history([order(10, 100), order(10, 250)], calibrationEnd: 13, unitDays: 1)
        #expect(h == PurchaseHistory(x: 0, tx: 0, T: 3, meanValue: 0))
        #expect(CustomerFeatures.history([order(14, 100)], calibrationEnd: 13) == nil)
    }

    /// Refunds net into a day's value; a repeat day netted to 0 still counts as a transaction.
    @Test func netValues() {
        let h = CustomerFeatures.history([order(0, 800), order(7, 500), order(7, -500), order(14, 900)], calibrationEnd: 14)
        #expect(h == PurchaseHistory(x: 2, tx: 2, T: 2, meanValue: 450))
    }

    /// CDNOW's convention (the `lifetimes` summary): a customer first buying on 1997-01-01 (day 9862) with the
    /// calibration ending 1997-09-30 (day 10134) has T = 272/7 = 38.857 weeks, printed as 38.86.
    @Test func cdnowAge() {
        let h = CustomerFeatures.history([order(9862, 2933)], calibrationEnd: 10134)!
        #expect(String(format: "%.2f", h.T) == "38.86")
    }

    @Test func holdoutTransactions() {
        let orders = [order(5, 1), order(20, 1), order(20, 2), order(31, 1), order(40, 1)]
        #expect(CustomerFeatures.transactionDays(orders, in: 10...31) == 2)
        #expect(CustomerFeatures.transactionDays(orders, in: 41...50) == 0)
    }
}
