import FissionModel
import Testing

struct LocalDateTests {
    @Test func roundTripsCivilDates() {
        for text in ["1970-01-01", "2000-02-29", "2024-12-31", "2025-01-01", "1969-07-20", "0001-01-01", "9999-12-31"] {
            #expect(LocalDate(iso: text)?.description == text)
        }
        #expect(LocalDate(iso: "2025-06-01")?.daysSinceEpoch == 20_240)
    }

    @Test func rejectsImpossibleDates() {
        #expect(LocalDate(iso: "2025-06-31") == nil)
        #expect(LocalDate(iso: "2100-02-29") == nil)
        #expect(LocalDate(iso: "2025-13-01") == nil)
        #expect(LocalDate(iso: "2025-1-01") == nil)
    }
}
