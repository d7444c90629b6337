import FissionModel
import Testing

struct MinorUnitsTests {
    @Test(arguments: [("19.90", 1990), ("19.9", 1990), ("20", 2000), ("0", 0), ("0.05", 5), ("007.10", 710)] as [(String, Int64)])
    func parsesDecimals(_ text: String, _ minor: Int64) {
        #expect(MinorUnits(decimal: text)?.value == minor)
    }

    @Test(arguments: ["-5.00", "19.999", "abc", "", ".5", "19.", "1e3", "+3", "1.2.3", " 1", "92233720368547758.08"])
    func rejectsInvalid(_ text: String) {
        #expect(MinorUnits(decimal: text) == nil)
    }

    @Test func amountsAreCappedAtTheMaximum() {
        #expect(MinorUnits(decimal: "100000000000.00") == MinorUnits.maximum)
        #expect(MinorUnits(decimal: "100000000000.01") == nil)
    }

    @Test func formats() {
        #expect(MinorUnits(1990).description == "19.90")
        #expect(MinorUnits(-305).description == "-3.05")
    }
}
