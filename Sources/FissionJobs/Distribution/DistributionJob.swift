import FissionClean
import FissionModel

/// `promoter_orders` and `promoters`: distribution commissions (分销), where promoters earn a share of the orders they
/// bring.
///
/// - Promoters are the ids orders carry in `props.promoter_id`. A person is the promoter of such an id when one of
///   their accounts is a `user_id` equal to it (the smallest id, if several).
/// - An `order_paid` is promoter-attributed (option `attribution`, default `both`): `explicit` when it carries
///   `props.promoter_id`; `share` when, failing that, the buyer was acquired through a share (as `share_attribution`)
///   whose sharer is a promoter's person; `both` tries the first, then the second.
/// - Commission = amount × `rate` (a decimal string such as `"0.05"`, exact in millionths), rounded half to even per
///   order. A refund of a promoted order (matched by `order_id`) claws back its amount × rate, rounded the same way.
/// - `promoter_orders`: one row per promoted order (by `event_id`): order id, time, buyer, promoter, how it was
///   attributed, amount, commission, refunded amount, clawed-back commission, net commission.
/// - `promoters`: per period (`day`, `week`, `month`) × promoter: promoted orders, GMV, commission, refunds,
///   clawback, net commission, and `new_buyers` (buyers whose first order in the data is a promoted order of this
///   promoter in the period).
///
/// Orders are reported when their day is in the report window; refunds count with their order, whenever they come.
public struct DistributionJob: AggregateJob {
    public static let name = "distribution"
    public var name: String { Self.name }
    public var propertyKeys: Set<String> { ["promoter_id", "order_id", "share_id", "channel"] }

    public enum Attribution: String, Sendable { case explicit, share, both }
    public var attribution: Attribution
    public var rate: CommissionRate
    public var periods: [Period]

    public init(attribution: Attribution = .both, rate: CommissionRate = CommissionRate(decimal: "0.05")!, periods: [Period] = Period.allCases) {
        self.attribution = attribution
        self.rate = rate
        self.periods = periods
    }

    public init(options r: ConfigReader) throws(ConfigError) {
        self.init()
        if let text = try r.string("attribution") {
            guard let a = Attribution(rawValue: text) else {
                throw ConfigError(key: r.keyPath("attribution"), message: "expected explicit, share or both, got \"\(text)\"")
            }
            attribution = a
        }
        if let text = try r.string("rate") {
            guard let parsed = CommissionRate(decimal: text) else {
                throw ConfigError(key: r.keyPath("rate"), message: "expected a decimal string from 0 to 1 with at most 6 fraction digits, such as \"0.05\"")
            }
            rate = parsed
        }
        periods = try Period.read(r, "periods") ?? periods
    }

    public static let orderSchema = TableSchema(
        name: "promoter_orders",
        columns: [ColumnSpec("event_id", .text), ColumnSpec("order_id", .text), ColumnSpec("order_ts", .text),
                  ColumnSpec("order_date", .text), ColumnSpec("buyer_person_key", .text), ColumnSpec("promoter_id", .text),
                  ColumnSpec("attribution", .text), ColumnSpec("amount_minor", .integer), ColumnSpec("commission_minor", .integer),
                  ColumnSpec("refunded_minor", .integer), ColumnSpec("clawback_minor", .integer), ColumnSpec("net_commission_minor", .integer)],
        primaryKey: ["event_id"]
    )
    public static let promoterSchema = TableSchema(
        name: "promoters",
        columns: [ColumnSpec("period", .text), ColumnSpec("period_start", .text), ColumnSpec("promoter_id", .text),
                  ColumnSpec("orders", .integer), ColumnSpec("gmv_minor", .integer), ColumnSpec("commission_minor", .integer),
                  ColumnSpec("refunded_minor", .integer), ColumnSpec("clawback_minor", .integer),
                  ColumnSpec("net_commission_minor", .integer), ColumnSpec("new_buyers", .integer)],
        primaryKey: ["period", "period_start", "promoter_id"]
    )

    /// A promoted order while it is gathered.
    struct Promoted {
        var index: Int
        var promoter: String
        var how: String
        var commission: MinorUnits
        var refunded = MoneySum.zero
        var clawback = MoneySum.zero
    }

    public func run(_ data: CleanDataset) -> JobOutput {
        let promoterKey = data.symbols.lookup("promoter_id")
        let orderKey = data.symbols.lookup("order_id")
        let keys = data.identities.personKeys
        // Promoter ids, and the person each belongs to.
        var promoterIDs: Set<String> = []
        for e in data.events where e.kind == .orderPaid {
            if let p = data.property(promoterKey, of: e) { promoterIDs.insert(data.symbols[p]) }
        }
        var promoterOfPerson: [Int32: String] = [:]
        for (i, account) in data.identities.accounts.enumerated() where account.kind == .user && promoterIDs.contains(account.id) {
            let person = data.identities.accountPerson[i]
            if let current = promoterOfPerson[person], current <= account.id { continue }
            promoterOfPerson[person] = account.id
        }
        // Who acquired each person through a share (the sharer's person).
        var acquiredBy: [Int32: Int32] = [:]
        if attribution != .explicit {
            let origins = ShareOrigin.index(data, channels: ShareChannels(data, maxChannels: ShareChannels.defaultMaxChannels))
            for a in ShareAttribution.all(in: data, origins: origins, windowMilliseconds: 0) {
                if let sharer = a.sharer, sharer != a.person { acquiredBy[a.person] = sharer }
            }
        }

        var promoted: [Promoted] = []
        var byOrderID: [Symbol: [Int]] = [:]  // order id → indexes into `promoted`
        var firstOrder: [Int32: Int] = [:]     // person → their first order (event index, content order)
        for (i, e) in data.events.enumerated() where e.kind == .orderPaid {
            if let f = firstOrder[e.person], data.contentPrecedes(f, i) {} else { firstOrder[e.person] = i }
            var promoter: (id: String, how: String)?
            if attribution != .share, let p = data.property(promoterKey, of: e) {
                promoter = (data.symbols[p], "explicit")
            } else if attribution != .explicit, let sharer = acquiredBy[e.person], let id = promoterOfPerson[sharer] {
                promoter = (id, "share")
            }
            guard let promoter else { continue }
            if let order = data.property(orderKey, of: e) { byOrderID[order, default: []].append(promoted.count) }
            promoted.append(Promoted(index: i, promoter: promoter.id, how: promoter.how, commission: rate.commission(on: e.amount)))
        }
        for e in data.events where e.kind == .refund {
            guard let order = data.property(orderKey, of: e), let first = byOrderID[order]?.first else { continue }
            promoted[first].refunded += e.amount
            promoted[first].clawback += rate.commission(on: e.amount)
        }

        var orderRows: [[SQLValue]] = []
        var cells: [PromoterKey: Cell] = [:]
        for p in promoted {
            let e = data.events[p.index]
            guard data.window.contains(e.day) else { continue }
            var net = MoneySum(p.commission)
            net.value -= p.clawback.value
            orderRows.append([.text(data.eventIDs[p.index]), data.property(orderKey, of: e).map { .text(data.symbols[$0]) } ?? .null,
                              .text(e.time.description), .text(e.day.description), .text(keys[Int(e.person)]), .text(p.promoter),
                              .text(p.how), .integer(e.amount.value), .integer(p.commission.value), .money(p.refunded),
                              .money(p.clawback), .money(net)])
            for period in periods {
                let calendar = PeriodCalendar(period)
                let key = PromoterKey(period: period, start: calendar.firstDay(ofIndex: calendar.index(of: e.day)), promoter: p.promoter)
                var cell = cells[key] ?? Cell()
                cell.orders += 1
                cell.gmv += e.amount
                cell.commission += p.commission
                cell.refunded += p.refunded
                cell.clawback += p.clawback
                if firstOrder[e.person] == p.index { cell.newBuyers += 1 }
                cells[key] = cell
            }
        }
        let promoterRows: [[SQLValue]] = cells.map { k, c in
            var net = c.commission
            net.value -= c.clawback.value
            return [.text(k.period.rawValue), .text(k.start.description), .text(k.promoter), .int(c.orders), .money(c.gmv),
                    .money(c.commission), .money(c.refunded), .money(c.clawback), .money(net), .int(c.newBuyers)]
        }
        var headline = "distribution: no promoted orders"
        let totals = Dictionary(grouping: promoted.filter { data.window.contains(data.events[$0.index].day) }, by: \.promoter)
            .mapValues { $0.reduce(MoneySum.zero) { var s = $0; s += $1.commission; s.value -= $1.clawback.value; return s } }
        if let top = totals.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) {
            headline = "distribution: \(orderRows.count) promoted orders; top promoter \(top.key) earned \(top.value) net"
        }
        return JobOutput(
            tables: [ReportTable(schema: Self.orderSchema, unsortedRows: orderRows), ReportTable(schema: Self.promoterSchema, unsortedRows: promoterRows)],
            headline: [headline]
        )
    }

    struct PromoterKey: Hashable {
        var period: Period
        var start: LocalDate
        var promoter: String
    }

    struct Cell {
        var orders = 0
        var gmv = MoneySum.zero
        var commission = MoneySum.zero
        var refunded = MoneySum.zero
        var clawback = MoneySum.zero
        var newBuyers = 0
    }
}
