/// One simulated event, before identities are resolved and the line is rendered.
struct SimEvent {
    var name: String
    var utcMs: Int64
    var account: Int
    var props: Props
    /// Window day whose file the event goes to; normally the local day of `utcMs`.
    var fileDay: Int
    /// Creation order, to break ties in time deterministically.
    var seq: Int
    var userID: String?
    var anonymousID: String?
    var unionID: String?
}

/// A `share` that friends may open.
struct ShareRecord {
    let shareID: String
    let account: Int
    let utcMs: Int64
    let channel: String?
    let product: Int
}

/// A `group_buy_start` waiting for joiners.
struct GroupRecord {
    let groupID: String
    let account: Int
    let utcMs: Int64
    let product: Int
    /// Participants needed, starter included.
    let size: Int
}

/// A `bargain_start` waiting for friends to help cut the price.
struct BargainRecord {
    let bargainID: String
    let account: Int
    let utcMs: Int64
    let product: Int
    /// The price the initiator pays once enough friends helped.
    let targetFen: Int
}

/// How a session begins.
enum SessionEntry {
    case organic
    case push(campaign: String, pushID: String)
    case shareLink(String)
}

/// The whole behaviour simulation: people, their accounts, and every event they cause.
///
/// Stages run in a fixed order (see `run()`), each drawing from one pseudo-random stream, and all
/// collections are arrays walked in index order, so the result depends on the spec alone.
struct Simulation {
    let clock: SimClock
    let seed: UInt64
    let personCount: Int
    var rng: SplitMix64
    var ids: IDMints
    let catalog: Catalog
    var persons: [Person] = []
    var accounts: [Account] = []
    var events: [SimEvent] = []
    var shares: [ShareRecord] = []
    var processedShares = 0
    var groups: [GroupRecord] = []
    var bargains: [BargainRecord] = []
    var settledBargains = 0
    /// Index into `shares` of each share id.
    var shareIndex: [String: Int] = [:]
    /// Referral people not yet reached by a link, in order.
    var referralQueue: [Int] = []
    var nextReferral = 0
    /// Per platform, accounts of people already around (who may open shares and join group buys).
    var audience: [[Int]] = Array(repeating: [], count: Platform.allCases.count)
    /// The two accounts that share one `anonymous_id` (one phone, two users).
    var sharedDevice: (Int, Int)?
    /// Share ids opened although never shared in the data.
    var orphanShareIDs: [String] = []
    /// Order id refunded although the order predates the window.
    var orphanRefundOrderID: String?

    init(spec: SampleDataSpec) {
        clock = SimClock(startDate: spec.startDate, days: spec.days)
        seed = spec.seed
        personCount = spec.persons
        rng = SplitMix64(seed: spec.seed, stream: 1)
        ids = IDMints(seed: spec.seed)
        var catalogRNG = SplitMix64(seed: spec.seed, stream: 2)
        catalog = Catalog(count: 240, rng: &catalogRNG)
    }

    mutating func run() {
        buildPopulation()
        for person in persons.indices where persons[person].origin == .organic {
            runOrganicVisits(of: person)
        }
        sendPushes()
        processShares()
        settleBargains()  // before the unreached referrals are used up: some help as their first event
        activateUnreachedReferrals()
        processShares()
        settleGroupBuys()
        settleBargains()
        addOrphans()
        resolveIdentities()
    }

    // MARK: - Emitting

    /// Appends an event unless it falls after the window; returns whether it was kept.
    @discardableResult
    mutating func put(_ name: String, _ account: Int, at utcMs: Int64, _ props: Props = [], fileDay: Int? = nil) -> Bool {
        guard utcMs >= clock.windowStartMs, utcMs < clock.windowEndMs else { return false }
        let ownDay = clock.dayIndex(of: utcMs)
        let day = fileDay.map { min(max($0, 0), clock.days - 1) } ?? ownDay
        events.append(SimEvent(name: name, utcMs: utcMs, account: account, props: props, fileDay: day, seq: events.count))
        return true
    }

    /// Think time between two events of a session: mostly seconds, sometimes minutes.
    mutating func gap() -> Int64 {
        let seconds = switch rng.weighted([70, 25, 5]) {
        case 0: rng.int(in: 3...40)
        case 1: rng.int(in: 41...180)
        default: rng.int(in: 181...600)
        }
        return Int64(seconds * 1000 + rng.below(1000))
    }

    /// A session start on window day `day`: afternoon and evening peaks, and a few just before midnight.
    mutating func sessionStart(day: Int) -> Int64 {
        let hourWeights = [6, 3, 2, 1, 1, 1, 2, 4, 8, 9, 9, 9, 12, 11, 9, 8, 8, 9, 10, 12, 14, 15, 14, 10]
        let second = rng.chance(0.006) ? 86_100 + rng.below(300) : rng.weighted(hourWeights) * 3600 + rng.below(3600)
        return clock.instant(day: day, secondOfDay: second, millis: rng.below(1000))
    }
}
