import FissionModel
import Testing

struct TimestampTests {
    @Test func parsesOffsetsAndFractions() {
        #expect(Timestamp(rfc3339: "1970-01-01T00:00:00Z")?.millisecondsSinceEpoch == 0)
        #expect(Timestamp(rfc3339: "1970-01-01T08:00:00+08:00")?.millisecondsSinceEpoch == 0)
        #expect(Timestamp(rfc3339: "1969-12-31T19:00:00.5-05:00")?.millisecondsSinceEpoch == 500)
        #expect(Timestamp(rfc3339: "2025-06-01T08:12:33.120+08:00")?.millisecondsSinceEpoch == 1_748_736_753_120)
        #expect(Timestamp(rfc3339: "2025-06-01t00:12:33.1209999z")?.millisecondsSinceEpoch == 1_748_736_753_120)
        #expect(Timestamp(rfc3339: "2024-02-29T23:59:59Z") != nil)
    }

    @Test(arguments: [
        "2025-06-31T10:00:00+08:00",   // no June 31st
        "2025-02-29T10:00:00Z",        // not a leap year
        "2025-06-03T24:00:00+08:00",   // hour 24
        "2025-06-03T10:60:00Z",
        "2025-06-03T10:00:60Z",        // leap second
        "2025-06-03 10:00:00+08:00",   // space for T
        "2025-06-03T10:00:00",         // no offset
        "2025-06-03T10:00:00.Z",       // empty fraction
        "2025-06-03T10:00:00+0800",    // offset without colon
        "2025-06-03T10:00:00Z ",
        "2025-6-03T10:00:00Z",
        "2025-06-03",
        "",
    ])
    func rejectsInvalidForms(_ text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test func windowArithmeticSaturates() {
        #expect(Int64(7 * 86_400).secondsInMilliseconds == 604_800_000)
        #expect(Int64.max.secondsInMilliseconds == .max)
        #expect(Int64.min.secondsInMilliseconds == .min)
        let t = Timestamp(millisecondsSinceEpoch: 1_000)
        #expect(t.advanced(byMilliseconds: 500).millisecondsSinceEpoch == 1_500)
        #expect(t.advanced(byMilliseconds: -1_500).millisecondsSinceEpoch == -500)
        #expect(t.advanced(byMilliseconds: .max).millisecondsSinceEpoch == .max)
        #expect(Timestamp(millisecondsSinceEpoch: -1).advanced(byMilliseconds: .min).millisecondsSinceEpoch == .min)
    }

    @Test func formatsAsUTC() {
        #expect(Timestamp(millisecondsSinceEpoch: 1_748_736_753_120).description == "2025-06-01T00:12:33.120Z")
        #expect(Timestamp(millisecondsSinceEpoch: -1).description == "1969-12-31T23:59:59.999Z")
    }
}
