import FissionIngest
import FissionModel
import Foundation
import Testing

struct EventDecoderTests {
    let decoder = EventDecoder(options: DecodeOptions(currencyRates: ["USD": ExchangeRate(decimal: "7.1")!]))

    func decode(_ line: String) -> Result<Event, EventDecoder.Failure> {
        decode(bytes: Array(line.utf8))
    }

    func decode(bytes: [UInt8]) -> Result<Event, EventDecoder.Failure> {
        bytes.withUnsafeBufferPointer { decoder.decode($0) }
    }

    func reason(_ line: String) -> String? {
        if case .failure(let f) = decode(line) { return f.reason.description }
        return nil
    }

    @Test func decodesTheDocumentedExample() throws {
        let line = #"{"event_id":"e-000123","event":"order_paid","ts":"2025-06-01T08:12:33.120+08:00","platform":"WeChat","user_id":"wx-o-81f2","anonymous_id":"dev-77a1","union_id":"U-5521","props":{"order_id":"o-991","amount":"19.90","currency":"CNY","share_id":"s-12","qty":2,"gift":true,"meta":{"a":1},"tags":["x"],"n":null}}"#
        let event = try decode(line).get()
        #expect(event.eventID == "e-000123")
        #expect(event.kind == .orderPaid)
        #expect(event.time == Timestamp(rfc3339: "2025-06-01T00:12:33.120Z"))
        #expect(event.platform == "wechat")
        #expect(event.userID == "wx-o-81f2")
        #expect(event.anonymousID == "dev-77a1")
        #expect(event.unionID == "U-5521")
        #expect(event.amount == MinorUnits(1990))
        #expect(event.props == ["order_id": "o-991", "amount": "19.90", "currency": "CNY", "share_id": "s-12", "qty": "2", "gift": "true"])
    }

    @Test func epochMillisecondsAndNumericAmounts() throws {
        let event = try decode(#"{"event_id":"e1","event":"refund","ts":1748736753120,"platform":"app","anonymous_id":"d1","props":{"order_id":"o1","amount":19.9}}"#).get()
        #expect(event.time.millisecondsSinceEpoch == 1_748_736_753_120)
        #expect(event.amount == MinorUnits(1990))
        #expect(event.userID == nil)
    }

    @Test func unknownEventsAreGenericActivity() throws {
        let event = try decode(#"{"event_id":"e1","event":"coupon_claim","ts":"2025-06-01T00:00:00Z","platform":"web","user_id":"u1","union_id":""}"#).get()
        #expect(event.kind == .other)
        #expect(event.name == "coupon_claim")
        #expect(event.unionID == nil)
    }

    @Test func escapesAreDecoded() throws {
        let event = try decode(#"{"event_id":"e\"1","event":"page_view","ts":"2025-06-01T00:00:00Z","platform":"web","user_id":"\u5f20\u4e09 \ud83d\ude00\n","props":{"title":"a\/b"}}"#).get()
        #expect(event.eventID == "e\"1")
        #expect(event.userID == "张三 😀\n")
        #expect(event.props["title"] == "a/b")
    }

    @Test(arguments: [
        (#"{"event_id":"e1""#, "malformed_json"),
        (#"{"event_id":"e1"} x"#, "malformed_json"),
        (#"["event_id","e1"]"#, "malformed_json"),
        ("", "malformed_json"),
        (#"{"event_id":"e1","event":"x",}"#, "malformed_json"),
        (#"{"a":01}"#, "malformed_json"),
        (#"{"a":"\x"}"#, "malformed_json"),
        (#"{"a":"\ud800"}"#, "malformed_json"),
        (#"{"event":"share","ts":"2025-06-01T00:00:00Z","platform":"web","user_id":"u"}"#, "missing_field:event_id"),
        (#"{"event_id":"","event":"share","ts":"2025-06-01T00:00:00Z","platform":"web","user_id":"u"}"#, "missing_field:event_id"),
        (#"{"event_id":"e","event":null,"ts":"2025-06-01T00:00:00Z","platform":"web","user_id":"u"}"#, "missing_field:event"),
        (#"{"event_id":"e","event":"app_open","platform":"web","user_id":"u"}"#, "missing_field:ts"),
        (#"{"event_id":"e","event":"app_open","ts":"","platform":"web","user_id":"u"}"#, "missing_field:ts"),
        (#"{"event_id":"e","event":"app_open","ts":"2025-06-01T00:00:00Z","platform":3,"user_id":"u"}"#, "missing_field:platform"),
        (#"{"event_id":"e","event":"app_open","ts":"2025-06-01T00:00:00Z","platform":"web","user_id":""}"#, "missing_field:user_id|anonymous_id"),
        (#"{"event_id":"e","event":"app_open","ts":"2025-06-01T00:00:00Z","platform":"web","user_id":42}"#, "missing_field:user_id|anonymous_id"),
        (#"{"event_id":"e","event":"share","ts":"bad","platform":"web","user_id":"u","props":{}}"#, "missing_field:props.share_id"),
        (#"{"event_id":"e","event":"order_paid","ts":"2025-06-01T00:00:00Z","platform":"web","user_id":"u","props":{"order_id":"o"}}"#, "missing_field:props.amount"),
        (#"{"event_id":"e","event":"group_buy_join","ts":"2025-06-01T00:00:00Z","platform":"web","user_id":"u"}"#, "missing_field:props.group_id"),
        (#"{"event_id":"e","event":"app_open","ts":"2025-06-31T10:00:00+08:00","platform":"web","user_id":"u"}"#, "bad_timestamp"),
        (#"{"event_id":"e","event":"app_open","ts":"2025-06-03 10:00:00+08:00","platform":"web","user_id":"u"}"#, "bad_timestamp"),
        (#"{"event_id":"e","event":"app_open","ts":1.5e12,"platform":"web","user_id":"u"}"#, "bad_timestamp"),
        (#"{"event_id":"e","event":"app_open","ts":true,"platform":"web","user_id":"u"}"#, "bad_timestamp"),
        (#"{"event_id":"e","event":"app_open","ts":253402300800000,"platform":"web","user_id":"u"}"#, "bad_timestamp"),
        (#"{"event_id":"e","event":"app_open","ts":-9223372036854775808,"platform":"web","user_id":"u"}"#, "bad_timestamp"),
        (#"{"event_id":"e","event":"refund","ts":"2025-06-01T00:00:00Z","platform":"web","user_id":"u","props":{"order_id":"o","amount":"92233720368547758.07"}}"#, "bad_amount"),
        (#"{"event_id":"e","event":"refund","ts":"2025-06-01T00:00:00Z","platform":"web","user_id":"u","props":{"order_id":"o","amount":"90000000000","currency":"USD"}}"#, "bad_amount"),
        (#"{"event_id":"e","event":"order_paid","ts":"2025-06-01T00:00:00Z","platform":"web","user_id":"u","props":{"order_id":"o","amount":"-5.00"}}"#, "bad_amount"),
        (#"{"event_id":"e","event":"order_paid","ts":"2025-06-01T00:00:00Z","platform":"web","user_id":"u","props":{"order_id":"o","amount":"19.999"}}"#, "bad_amount"),
        (#"{"event_id":"e","event":"refund","ts":"2025-06-01T00:00:00Z","platform":"web","user_id":"u","props":{"order_id":"o","amount":true}}"#, "bad_amount"),
        (#"{"event_id":"e","event":"order_paid","ts":"bad","platform":"web","user_id":"u","props":{"order_id":"o","amount":"abc"}}"#, "bad_timestamp"),
        (#"{"event_id":"e","event":"order_paid","ts":"2025-06-01T00:00:00Z","platform":"web","user_id":"u","props":{"order_id":"o","amount":"5","currency":"EUR"}}"#, "unsupported_currency"),
        (#"{"event_id":"e","event":"order_paid","ts":"2025-06-01T00:00:00Z","platform":"web","user_id":"u","props":{"order_id":"o","amount":"5","currency":840}}"#, "unsupported_currency"),
    ])
    func rejectsWithTheFirstApplicableReason(_ line: String, _ expected: String) {
        #expect(reason(line) == expected)
    }

    @Test func invalidUTF8ComesBeforeJSONErrors() {
        var bytes = Array(#"{"event_id":"e1","user_id":"x"#.utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(#""  broken"#.utf8)
        guard case .failure(let f) = decode(bytes: bytes) else { Issue.record("accepted invalid UTF-8"); return }
        #expect(f.reason == .invalidUTF8)
    }

    @Test func numericIdentifiersAreKeptAsText() throws {
        let event = try decode(#"{"event_id":"e","event":"order_paid","ts":"2025-06-01T00:00:00Z","platform":"web","user_id":"u","union_id":5521,"props":{"order_id":991,"amount":"1","currency":""}}"#).get()
        #expect(event.props["order_id"] == "991")
        #expect(event.unionID == "5521")
        #expect(event.amount == MinorUnits(100))
    }

    @Test func exchangeRatesAreBounded() {
        #expect(ExchangeRate(decimal: "100000")?.micros == 100_000_000_000)
        #expect(ExchangeRate(decimal: "100001") == nil)
        #expect(ExchangeRate(decimal: "0") == nil)
        #expect(ExchangeRate(decimal: "0.0000001") == nil)
        #expect(ExchangeRate(decimal: "7.") == nil)
        let largest = ExchangeRate(decimal: "100000")!.convert(MinorUnits.maximum)
        #expect(largest.value == 1_000_000_000_000_000_000)
    }

    @Test func configuredCurrencyIsConverted() throws {
        let event = try decode(#"{"event_id":"e","event":"order_paid","ts":"2025-06-01T00:00:00Z","platform":"web","user_id":"u","props":{"order_id":"o","amount":"10.05","currency":"usd"}}"#).get()
        #expect(event.amount == MinorUnits(7136))  // 1005 × 7.1 = 7135.5 → half to even → 7136
    }

    /// Differential check against Foundation's parser: same accept/reject verdict on JSON syntax.
    @Test(arguments: [
        #"{"a":1}"#, #" { "a" : [1, {"b": [true, false, null]}], "c": -0.5e+3 } "#, #"{"a":"\u00e9\t"}"#,
        #"{"a":-}"#, #"{"a":1.}"#, #"{"a":tru}"#, #"{a:1}"#, #"{"a":1}}"#, #"{"a":"x"#,
    ])
    func agreesWithJSONSerializationOnSyntax(_ line: String) {
        let foundationAccepts = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any]
        let oursAccepts = reason(line) != "malformed_json"
        #expect(foundationAccepts == oursAccepts)
    }

    /// Foundation's JSONSerialization tolerates trailing commas; RFC 8259 (and we) do not.
    @Test(arguments: [#"{"a":1,}"#, #"{"a":[1,]}"#])
    func trailingCommasAreMalformed(_ line: String) {
        #expect(reason(line) == "malformed_json")
    }
}
