import FissionPredict
import Foundation

/// Test inputs found from this file's path, so the tests need no support module.
enum TestData {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The CDNOW calibration summary of the `lifetimes` package (MIT licence): 2,357 customers, 39 weeks; columns
    /// ID, x, t_x, T, zbar (dollars), t_x and T rounded to 2 decimals.
    static let cdnowSummary: [PurchaseHistory] = {
        let url = fixtures.appendingPathComponent("cdnow_customers_summary_with_transactions.csv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            let f = line.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            return f.count == 5 ? PurchaseHistory(x: f[1], tx: f[2], T: f[3], meanValue: f[4]) : nil
        }
    }()
}

/// |a − b| ≤ tolerance.
func near(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool { abs(a - b) <= tolerance }

/// `value` rounded to `places` decimals equals `published`.
func rounds(_ value: Double, to published: Double, places: Int) -> Bool {
    let scale = pow(10, Double(places))
    return (value * scale).rounded() == (published * scale).rounded()
}
