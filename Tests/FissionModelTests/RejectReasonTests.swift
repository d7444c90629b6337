import FissionModel
import Testing

struct RejectReasonTests {
    /// Every reason is read back from the code stored in `rejected_lines.reason` (the distributed partials store codes).
    @Test func codesRoundTrip() {
        let all: [RejectReason] = [.lineTooLong, .invalidUTF8, .malformedJSON, .missingField("props.share_id"), .missingField(""),
                                   .badTimestamp, .badAmount, .unsupportedCurrency, .futureTimestamp, .truncatedGzip, .corruptGzip]
        for reason in all { #expect(RejectReason(code: reason.description) == reason) }
        #expect(RejectReason(code: "missing_field:a:b") == .missingField("a:b"))
        #expect(RejectReason(code: "no_such_reason") == nil)
        #expect(RejectReason(code: "") == nil)
    }
}
