/// One validated behaviour event, as ingest hands it to the clean stage.
public struct Event: Sendable, Equatable {
    public var eventID: String
    /// The event name as written (`order_paid`, `coupon_claim`, …).
    public var name: String
    public var kind: EventKind
    public var time: Timestamp
    /// Lower-cased platform (`wechat`, `douyin`, …).
    public var platform: String
    public var userID: String?
    public var anonymousID: String?
    /// Cross-platform identity key; nil when absent, null or empty.
    public var unionID: String?
    /// Scalar properties as text: strings unescaped, numbers as written, booleans `true`/`false`.
    /// Null, object and array values are not kept.
    public var props: [String: String]
    /// `props.amount` in reporting-currency minor units, for `order_paid` and `refund`.
    public var amount: MinorUnits?

    public init(
        eventID: String, name: String, time: Timestamp, platform: String,
        userID: String? = nil, anonymousID: String? = nil, unionID: String? = nil,
        props: [String: String] = [:], amount: MinorUnits? = nil
    ) {
        self.eventID = eventID
        self.name = name
        self.kind = EventKind(name: name)
        self.time = time
        self.platform = platform
        self.userID = userID
        self.anonymousID = anonymousID
        self.unionID = unionID
        self.props = props
        self.amount = amount
    }
}
