import FissionModel
import Testing

struct MoneySumTests {
    /// 922,338 amounts at the documented maximum (10¹³ minor units) exceed Int64.max (≈ 9.22 × 10¹⁸): the 128-bit
    /// sum holds them, and a report cell beyond 64 bits is written as its digits, which the run refuses to publish.
    @Test func sumsBeyondSixtyFourBitsAreExactAndRefusedAsCells() {
        var sum = MoneySum.zero
        for _ in 0..<922_338 { sum += MinorUnits.maximum }
        #expect(sum.value == 9_223_380_000_000_000_000)
        #expect(Int64(exactly: sum.value) == nil)
        #expect(SQLValue.money(sum) == .text("9223380000000000000"))
        sum -= MinorUnits.maximum
        #expect(SQLValue.money(sum) == .integer(9_223_370_000_000_000_000))
    }

    @Test func integerOverflowNamesTableColumnAndKey() {
        let schema = TableSchema(name: "ltv", columns: [ColumnSpec("cohort", .text), ColumnSpec("revenue_minor", .integer)],
                                 primaryKey: ["cohort"])
        let fits = ReportTable(schema: schema, rows: [["2025-06-01", .money(MoneySum(100))]])
        #expect(fits.integerOverflow == nil)
        let over = ReportTable(schema: schema, rows: [["2025-06-01", .money(MoneySum(Int128(Int64.max) + 1))]])
        #expect(over.integerOverflow == "ltv.revenue_minor = 9223372036854775808 at (cohort 2025-06-01)")
    }

    @Test func averagesAndDescription() {
        #expect(MoneySum(1001).average(over: 2) == 500.5)
        #expect(MoneySum(-305).description == "-3.05")
        #expect(MoneySum(Int128(Int64.max) * 4).description == "36893488147419103228 minor units")
    }
}
