import FissionClean
import FissionModel

/// `commerce_daily` and `commerce_summary`: the shop's money figures per period × platform × acquisition channel.
///
/// A cell is a period (`commerce_daily`: a day; `commerce_summary`: a calendar week starting Monday or a month) × the
/// platform of the event × the person's acquisition channel (`share` when their first active event is a `share_open`,
/// else `organic`), plus `all` for either or both.
/// - `orders`, `gmv_minor`: `order_paid` events in the cell and their amounts.
/// - `refunds`, `refunded_minor`: `refund` events in the cell (on the refund's own day) and their amounts.
/// - `net_revenue_minor` = GMV − refunded; `refund_rate` = refunded / GMV; `refunded_order_rate` = refunds / orders.
/// - `paying_persons`: distinct persons with an order in the cell; `new_paying_persons`: those whose first order in
///   all the data (content order) is in the cell; `active_persons`: distinct persons with an active event in it.
/// - `aov_minor` = GMV / orders; `arpu_minor` = net revenue / active persons; `arppu_minor` = net revenue / paying
///   persons (reals, NULL when the denominator is 0).
/// - `repeat_net_revenue_share`: of the net revenue, the share from repeat orders (a person's 2nd and later orders;
///   a refund counts with the order it refunds, matched by `order_id`).
///
/// Days in the report window are reported; weeks and months that overlap it are reported whole.
public struct CommerceJob: AggregateJob {
    public static let name = "commerce"
    public var name: String { Self.name }
    public var propertyKeys: Set<String> { ["order_id"] }

    public init() {}
    public init(options: ConfigReader) throws(ConfigError) {}

    static let figures = [
        ColumnSpec("orders", .integer), ColumnSpec("gmv_minor", .integer), ColumnSpec("refunds", .integer),
        ColumnSpec("refunded_minor", .integer), ColumnSpec("net_revenue_minor", .integer), ColumnSpec("refund_rate", .real),
        ColumnSpec("refunded_order_rate", .real), ColumnSpec("active_persons", .integer), ColumnSpec("paying_persons", .integer),
        ColumnSpec("new_paying_persons", .integer), ColumnSpec("aov_minor", .real), ColumnSpec("arpu_minor", .real),
        ColumnSpec("arppu_minor", .real), ColumnSpec("repeat_net_revenue_share", .real),
    ]
    public static let dailySchema = TableSchema(
        name: "commerce_daily",
        columns: [ColumnSpec("day", .text), ColumnSpec("platform", .text), ColumnSpec("channel", .text)] + figures,
        primaryKey: ["day", "platform", "channel"]
    )
    public static let summarySchema = TableSchema(
        name: "commerce_summary",
        columns: [ColumnSpec("period", .text), ColumnSpec("period_start", .text), ColumnSpec("platform", .text),
                  ColumnSpec("channel", .text)] + figures,
        primaryKey: ["period", "period_start", "platform", "channel"]
    )

    /// A cell: period kind and index, platform symbol (−1: all), channel (0 organic, 1 share, 2 all).
    struct Key: Hashable {
        var period: Period
        var index: Int
        var platform: Int32
        var channel: Int8
    }
    static let channels = ["organic", "share", "all"]

    struct Cell {
        var orders = 0, refunds = 0
        var gmv = MoneySum.zero, refunded = MoneySum.zero, repeatNet = MoneySum.zero
        var active: Set<Int32> = [], paying: Set<Int32> = [], newPaying: Set<Int32> = []

        var values: [SQLValue] {
            var net = gmv
            net.value -= refunded.value
            func per(_ n: Int) -> SQLValue { n == 0 ? .null : .real(Double(net.value) / Double(n)) }
            return [.int(orders), .money(gmv), .int(refunds), .money(refunded), .money(net),
                    gmv.value == 0 ? .null : .real(Double(refunded.value) / Double(gmv.value)), .ratio(refunds, orders),
                    .int(active.count), .int(paying.count), .int(newPaying.count),
                    orders == 0 ? .null : .real(Double(gmv.value) / Double(orders)), per(active.count), per(paying.count),
                    net.value == 0 ? .null : .real(Double(repeatNet.value) / Double(net.value))]
        }
    }

    public func run(_ data: CleanDataset) -> JobOutput {
        let profiles = PersonProfile.profiles(data)
        let orderKey = data.symbols.lookup("order_id")
        // Each person's orders in content order decide first and repeat orders; refunds follow their order.
        var isRepeat: [Symbol: Bool] = [:]
        var firstOrder: [Int32: Int] = [:]
        for range in data.personRanges {
            var seen = 0
            for i in range where data.events[i].kind == .orderPaid {
                if seen == 0 { firstOrder[data.events[i].person] = i }
                if let order = data.property(orderKey, of: data.events[i]), isRepeat[order] == nil { isRepeat[order] = seen > 0 }
                seen += 1
            }
        }
        var cells: [Key: Cell] = [:]
        let calendars = Period.allCases.map { PeriodCalendar($0) }
        let channelOf: [Int8] = profiles.map { $0?.channel == "share" ? 1 : 0 }
        for (i, e) in data.events.enumerated() where e.isActive || e.kind == .orderPaid || e.kind == .refund {
            let channel = channelOf[Int(e.person)]
            let platform = e.platform.index
            for calendar in calendars {
                let index = calendar.index(of: e.day)
                guard data.window.overlaps(first: calendar.firstDay(ofIndex: index), last: calendar.lastDay(ofIndex: index)) else { continue }
                for p in [platform, -1] {
                    for c in [channel, 2] {
                        let key = Key(period: calendar.period, index: index, platform: p, channel: c)
                        if e.isActive { cells[key, default: Cell()].active.insert(e.person) }
                        switch e.kind {
                        case .orderPaid:
                            cells[key, default: Cell()].orders += 1
                            cells[key]!.gmv += e.amount
                            cells[key]!.paying.insert(e.person)
                            if firstOrder[e.person] == i { cells[key]!.newPaying.insert(e.person) } else { cells[key]!.repeatNet += e.amount }
                        case .refund:
                            cells[key, default: Cell()].refunds += 1
                            cells[key]!.refunded += e.amount
                            if let order = data.property(orderKey, of: e), isRepeat[order] == true { cells[key]!.repeatNet -= e.amount }
                        default:
                            break
                        }
                    }
                }
            }
        }
        var daily: [[SQLValue]] = []
        var summary: [[SQLValue]] = []
        for (key, cell) in cells {
            let start = PeriodCalendar(key.period).firstDay(ofIndex: key.index)
            let platform = SQLValue.text(ReservedLabel.platform(key.platform, in: data))
            let channel = SQLValue.text(Self.channels[Int(key.channel)])
            if key.period == .day {
                guard data.window.contains(start) else { continue }
                daily.append([.text(start.description), platform, channel] + cell.values)
            } else {
                summary.append([.text(key.period.rawValue), .text(start.description), platform, channel] + cell.values)
            }
        }
        return JobOutput(tables: [ReportTable(schema: Self.dailySchema, unsortedRows: daily),
                                  ReportTable(schema: Self.summarySchema, unsortedRows: summary)])
    }
}
