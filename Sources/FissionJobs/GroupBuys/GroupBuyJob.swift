import FissionClean
import FissionModel

/// `group_buys` and `group_buy_summary`: group buys (拼团), where an initiator opens a group that friends must fill
/// within a time limit.
///
/// - A group is a `props.group_id`. It starts at its earliest `group_buy_start` (content order), whose person is the
///   initiator. Its required size is that event's `props.group_size` (an integer ≥ 2, else unknown). Its deadline is
///   `props.expires_at` (RFC 3339, or epoch milliseconds) or, without one, the start plus `window` (default 24 h).
///   Groups with no start event in the data are not reported (counted in `run_metrics` as `groups_without_start`).
/// - Joiners: the distinct persons, other than the initiator, with a `group_buy_join` of the group (`human_joiners`);
///   joins with `props.robot` true are filled by the system (`robot_joins`, counted as events, not persons). A human
///   joiner is a new person when their first active event is that join, or a `share_open` at or before it.
/// - Status: `success` when a `group_buy_success` of the group exists; else `failed` when a `group_buy_fail` exists
///   or the deadline has passed by the end of the data; else `open`. `seconds_to_fill`: start to the first success.
/// - Money: `order_paid` events carrying the group's `props.group_id` (`orders`, `revenue_minor`); for a failed group,
///   `refunded_minor` is the refunds of those orders (matched by `order_id`).
/// - `group_buy_summary`: per start day × required size (`2`, `3`, …, `unknown`, and `all`): groups started,
///   succeeded, failed, still open; `success_rate` over decided groups; median seconds to fill; human joiners and
///   new persons per group; GMV (the groups' order revenue).
///
/// Groups are reported when their start day is in the report window.
public struct GroupBuyJob: AggregateJob {
    public static let name = "group_buys"
    public var name: String { Self.name }
    public var propertyKeys: Set<String> { ["group_id", "group_size", "expires_at", "robot", "order_id"] }
    /// Seconds a group may take to fill when its start has no `expires_at` (config `window`, default 24 h).
    public var window: Int64

    public init(window: Int64 = 86_400) {
        self.window = window
    }

    public init(options r: ConfigReader) throws(ConfigError) {
        window = try r.duration("window") ?? 86_400
    }

    public static let schema = TableSchema(
        name: "group_buys",
        columns: [ColumnSpec("group_id", .text), ColumnSpec("start_ts", .text), ColumnSpec("start_date", .text),
                  ColumnSpec("initiator_person_key", .text), ColumnSpec("required_size", .integer),
                  ColumnSpec("human_joiners", .integer), ColumnSpec("robot_joins", .integer), ColumnSpec("new_persons", .integer),
                  ColumnSpec("status", .text), ColumnSpec("seconds_to_fill", .real), ColumnSpec("orders", .integer),
                  ColumnSpec("revenue_minor", .integer), ColumnSpec("refunded_minor", .integer)],
        primaryKey: ["group_id"]
    )
    public static let summarySchema = TableSchema(
        name: "group_buy_summary",
        columns: [ColumnSpec("start_date", .text), ColumnSpec("required_size", .text), ColumnSpec("groups", .integer),
                  ColumnSpec("succeeded", .integer), ColumnSpec("failed", .integer), ColumnSpec("open", .integer),
                  ColumnSpec("success_rate", .real), ColumnSpec("median_seconds_to_fill", .real),
                  ColumnSpec("human_joiners_per_group", .real), ColumnSpec("new_persons_per_group", .real),
                  ColumnSpec("gmv_minor", .integer)],
        primaryKey: ["start_date", "required_size"]
    )

    /// One group while it is gathered.
    struct Group {
        var start: Int?
        var joiners: Set<Int32> = []
        var joinTime: [Int32: Timestamp] = [:]
        var robotJoins = 0
        var success: Timestamp?
        var failEvent = false
        var orders = 0
        var revenue = MoneySum.zero
        var orderIDs: Set<Symbol> = []
    }

    public func run(_ data: CleanDataset) -> JobOutput {
        let key = { (name: String) in data.symbols.lookup(name) }
        let (groupKey, sizeKey, expiresKey, robotKey, orderKey) = (key("group_id"), key("group_size"), key("expires_at"), key("robot"), key("order_id"))
        let failName = data.symbols.lookup("group_buy_fail")
        var groups: [Symbol: Group] = [:]
        var refunds: [Symbol: MoneySum] = [:]  // order_id → refunded amount
        for (i, e) in data.events.enumerated() {
            if e.kind == .refund, let order = data.property(orderKey, of: e) { refunds[order, default: .zero] += e.amount }
            guard let g = data.property(groupKey, of: e) else { continue }
            switch e.kind {
            case .groupBuyStart:
                if let s = groups[g]?.start, !data.contentPrecedes(i, s) { break }
                groups[g, default: Group()].start = i
            case .groupBuyJoin:
                if data.property(robotKey, of: e).map({ data.symbols[$0].lowercased() == "true" }) == true {
                    groups[g, default: Group()].robotJoins += 1
                } else {
                    groups[g, default: Group()].joiners.insert(e.person)
                    let earlier = groups[g]!.joinTime[e.person]
                    if earlier == nil || e.time < earlier! { groups[g]!.joinTime[e.person] = e.time }
                }
            case .groupBuySuccess:
                if let s = groups[g]?.success, s <= e.time { break }
                groups[g, default: Group()].success = e.time
            case .orderPaid:
                groups[g, default: Group()].orders += 1
                groups[g]!.revenue += e.amount
                if let order = data.property(orderKey, of: e) { groups[g]!.orderIDs.insert(order) }
            default:
                if e.name == failName { groups[g, default: Group()].failEvent = true }
            }
        }
        let profiles = PersonProfile.profiles(data)
        let keys = data.identities.personKeys
        var rows: [[SQLValue]] = []
        var summary: [SummaryKey: SummaryCell] = [:]
        var withoutStart = 0
        let windowMilliseconds = window.secondsInMilliseconds
        for (g, group) in groups {
            guard let s = group.start else { withoutStart += 1; continue }
            let start = data.events[s]
            guard data.window.contains(start.day) else { continue }
            let size = data.property(sizeKey, of: start).flatMap { Int(data.symbols[$0]) }.flatMap { $0 >= 2 ? $0 : nil }
            let deadline = data.property(expiresKey, of: start).flatMap { Self.instant(data.symbols[$0]) }
                ?? start.time.advanced(byMilliseconds: windowMilliseconds)
            let humans = group.joiners.subtracting([start.person])
            let newPersons = humans.filter { p in
                guard let profile = profiles[Int(p)], let joined = group.joinTime[p] else { return false }
                return profile.arrived(by: .groupBuyJoin, at: joined, in: data)
            }.count
            let status: String
            if group.success != nil {
                status = "success"
            } else if group.failEvent || (data.endOfData.map { deadline <= $0 } ?? false) {
                status = "failed"
            } else {
                status = "open"
            }
            var refunded = MoneySum.zero
            if status == "failed" { for o in group.orderIDs { refunded += refunds[o] ?? .zero } }
            let fill = group.success.map { Double($0.millisecondsSinceEpoch - start.time.millisecondsSinceEpoch) / 1000 }
            rows.append([.text(data.symbols[g]), .text(start.time.description), .text(start.day.description),
                         .text(keys[Int(start.person)]), size.map { .int($0) } ?? .null, .int(humans.count),
                         .int(group.robotJoins), .int(newPersons), .text(status), fill.map(SQLValue.real) ?? .null,
                         .int(group.orders), .money(group.revenue), .money(refunded)])
            for label in [size.map(String.init) ?? "unknown", "all"] {
                summary[SummaryKey(day: start.day, size: label), default: SummaryCell()]
                    .add(status: status, fill: fill, joiners: humans.count, new: newPersons, revenue: group.revenue)
            }
        }
        let summaryRows = summary.map { k, c in [.text(k.day.description), .text(k.size)] + c.values }
        let all = summary.filter { $0.key.size == "all" }.values
        let decided = all.reduce(0) { $0 + $1.succeeded + $1.failed }
        let succeeded = all.reduce(0) { $0 + $1.succeeded }
        return JobOutput(
            tables: [ReportTable(schema: Self.schema, unsortedRows: rows), ReportTable(schema: Self.summarySchema, unsortedRows: summaryRows)],
            metrics: [RunMetric(job: name, name: "groups_without_start", value: Int64(withoutStart))],
            headline: ["group buys: \(rows.count) groups, \(decided == 0 ? "n/a" : String(format: "%.1f%%", Double(succeeded) / Double(decided) * 100)) of decided groups filled"]
        )
    }

    /// RFC 3339 text or epoch milliseconds.
    static func instant(_ text: String) -> Timestamp? {
        Timestamp(rfc3339: text) ?? Int64(text).map(Timestamp.init(millisecondsSinceEpoch:))
    }

    struct SummaryKey: Hashable {
        var day: LocalDate
        var size: String
    }

    struct SummaryCell {
        var groups = 0, succeeded = 0, failed = 0, open = 0, joiners = 0, new = 0
        var fills: [Double] = []
        var gmv = MoneySum.zero

        mutating func add(status: String, fill: Double?, joiners: Int, new: Int, revenue: MoneySum) {
            groups += 1
            switch status {
            case "success": succeeded += 1
            case "failed": failed += 1
            default: open += 1
            }
            if let fill { fills.append(fill) }
            self.joiners += joiners
            self.new += new
            gmv += revenue
        }

        var values: [SQLValue] {
            let median = OrderStatistics.median(fills)
            return [.int(groups), .int(succeeded), .int(failed), .int(open), .ratio(succeeded, succeeded + failed),
                    median.map(SQLValue.real) ?? .null, .real(Double(joiners) / Double(groups)), .real(Double(new) / Double(groups)),
                    .money(gmv)]
        }
    }
}
