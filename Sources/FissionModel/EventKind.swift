/// The event names the reports understand. Any other name is accepted as `.other` (generic activity).
public enum EventKind: String, Sendable, CaseIterable {
    case share
    case shareOpen = "share_open"
    case signup
    case orderPaid = "order_paid"
    case refund
    case groupBuyStart = "group_buy_start"
    case groupBuyJoin = "group_buy_join"
    case groupBuySuccess = "group_buy_success"
    case pushSent = "push_sent"
    case pushOpen = "push_open"
    case appOpen = "app_open"
    case pageView = "page_view"
    case productView = "product_view"
    case addToCart = "add_to_cart"
    case other
    // Declared after `other` so that the stored state's kind numbers (`FSB1`, by declaration order) stay valid.
    case bargainStart = "bargain_start"
    case bargainHelp = "bargain_help"
    case bargainSuccess = "bargain_success"

    public init(name: String) {
        self = Self.byName[name] ?? .other
    }

    /// The known names (one hash lookup, rather than comparing the name with every case in turn).
    private static let byName: [String: EventKind] =
        Dictionary(uniqueKeysWithValues: allCases.filter { $0 != .other }.map { ($0.rawValue, $0) })

    /// Properties that must be present (as non-empty strings, or for `amount` a valid amount) on this kind.
    public var requiredProps: [String] {
        switch self {
        case .share, .shareOpen: ["share_id"]
        case .orderPaid, .refund: ["order_id", "amount"]
        case .groupBuyStart, .groupBuyJoin, .groupBuySuccess: ["group_id"]
        case .bargainStart, .bargainHelp, .bargainSuccess: ["bargain_id"]
        default: []
        }
    }

    /// Whether the event carries money (`props.amount`) that reports add up.
    public var carriesAmount: Bool { self == .orderPaid || self == .refund }
}
