/// The platforms a shop sells on.
enum Platform: Int, CaseIterable {
    case wechat, douyin, alipay, app, web

    var name: String {
        switch self {
        case .wechat: "wechat"
        case .douyin: "douyin"
        case .alipay: "alipay"
        case .app: "app"
        case .web: "web"
        }
    }

    /// How a sloppy client spells it now and then (ingest lower-cases platforms).
    var oddSpelling: String {
        switch self {
        case .wechat: "WeChat"
        case .douyin: "DouYin"
        case .alipay: "Alipay"
        case .app: "APP"
        case .web: "Web"
        }
    }

    var userPrefix: String {
        switch self {
        case .wechat: "wx-o-"
        case .douyin: "dy-"
        case .alipay: "ali-"
        case .app: "app-"
        case .web: "web-"
        }
    }

    /// Relative share of accounts.
    var popularity: Int {
        switch self {
        case .wechat: 40
        case .douyin: 20
        case .alipay: 12
        case .app: 20
        case .web: 8
        }
    }

    /// Chance that a logged-in event still carries the device's `anonymous_id`.
    var anonymousAlongsideRate: Double {
        switch self {
        case .app: 0.7
        case .web: 0.6
        case .douyin: 0.4
        case .wechat, .alipay: 0.3
        }
    }

    /// Chance that a logged-in event carries the person's `union_id`.
    var unionRate: Double {
        switch self {
        case .wechat: 0.85
        case .alipay: 0.5
        case .app: 0.6
        case .douyin: 0.35
        case .web: 0.2
        }
    }

    /// Whether the shop can push to it (app notifications, mini-program subscription messages).
    var pushable: Bool { self == .app || self == .wechat || self == .alipay }

    /// Where group buys happen.
    var hasGroupBuys: Bool { self == .wechat || self == .douyin || self == .alipay }
}

/// One platform account of a person.
struct Account {
    let person: Int
    let platform: Platform
    let userID: String
    var deviceID: String
    /// Signed up before the window, so logged in from the start.
    let preexisting: Bool
    /// The in-window `signup`, if any (at most one per account).
    var signupMs: Int64?
    var pushOptIn: Bool

    func isLoggedIn(at utcMs: Int64) -> Bool {
        preexisting || signupMs.map { $0 < utcMs } ?? false
    }
}

/// One simulated human.
struct Person {
    enum Origin {
        /// Comes on their own on `activeDays`.
        case organic
        /// First appears by opening someone's share link (or organically if no link reaches them).
        case referral
    }

    var origin: Origin
    /// Indices into the simulation's accounts; the first is the primary one.
    var accounts: [Int] = []
    /// Cross-platform person key, for people with several accounts (and some WeChat-only people).
    var unionID: String?
    /// Window day indices with an organic visit, ascending.
    var activeDays: [Int]
    /// Visits every day or nearly.
    var loyal: Bool
    /// Chance that a session ends with sharing the product.
    var shareRate: Double
    /// Multiplier on add-to-cart and purchase chances.
    var buyBoost: Double
    /// The share that brought a referral person in, credited on their orders.
    var referralShareID: String?
    var referralMs: Int64?
    /// Organic sessions so far (to pick accounts in turn).
    var visits = 0
}

/// Products with Zipf-like popularity and prices between 9.90 and 299.00 CNY.
struct Catalog {
    let productIDs: [String]
    let prices: [Int]
    private let popularity: WeightedTable

    init(count: Int, rng: inout SplitMix64) {
        var ids: [String] = []
        var prices: [Int] = []
        for index in 0..<count {
            ids.append("p-" + pad(1001 + index * 7 % 8999, 4))
            let yuan: Int
            switch rng.weighted([40, 30, 18, 12]) {
            case 0: yuan = rng.int(in: 9...29)
            case 1: yuan = rng.int(in: 30...79)
            case 2: yuan = rng.int(in: 80...149)
            default: yuan = rng.int(in: 150...298)
            }
            let fen = [90, 90, 90, 90, 90, 0, 0, 0, 50, rng.below(100)][rng.below(10)]
            prices.append(min(29_900, max(990, yuan * 100 + fen)))
        }
        productIDs = ids
        self.prices = prices
        popularity = WeightedTable(weights: (0..<count).map { 120_000 / ($0 + 4) })
    }

    func draw(_ rng: inout SplitMix64) -> Int { popularity.draw(&rng) }
}
