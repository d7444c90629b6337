import FissionClean
import FissionModel

/// `bargains` and `bargain_summary`: bargains (砍价), where an initiator asks friends to cut a price.
///
/// - A bargain is a `props.bargain_id`. It starts at its earliest `bargain_start` (content order), whose person is
///   the initiator; `target_price_minor` is that event's `props.target_price` when it is a valid amount. Bargains
///   with no start in the data are not reported (run metric `bargains_without_start`).
/// - Helpers: the distinct persons, other than the initiator, with a `bargain_help` of the bargain. A helper is a new
///   person when their first active event is that help, or a `share_open` at or before it.
/// - `success` when a `bargain_success` of the bargain exists; `seconds_to_success` from the start to the first one.
/// - The initiator's order: `order_paid` events carrying the bargain's `props.bargain_id` (`orders`, `revenue_minor`).
/// - Helpers who buy: helpers with an `order_paid` (any) within `conversion_window` (default 7 days) after their
///   first help of the bargain (`helpers_who_bought`).
/// - `bargain_summary`: per start day: bargains started, succeeded, `success_rate` (succeeded / started: a bargain
///   has no deadline), helpers and new persons per bargain, and helper → buyer conversion (helpers who bought /
///   helpers).
///
/// Bargains are reported when their start day is in the report window.
public struct BargainJob: AggregateJob {
    public static let name = "bargains"
    public var name: String { Self.name }
    public var propertyKeys: Set<String> { ["bargain_id", "target_price"] }
    public var conversionWindow: Int64

    public init(conversionWindow: Int64 = 7 * 86_400) {
        self.conversionWindow = conversionWindow
    }

    public init(options r: ConfigReader) throws(ConfigError) {
        conversionWindow = try r.duration("conversion_window") ?? 7 * 86_400
    }

    public static let schema = TableSchema(
        name: "bargains",
        columns: [ColumnSpec("bargain_id", .text), ColumnSpec("start_ts", .text), ColumnSpec("start_date", .text),
                  ColumnSpec("initiator_person_key", .text), ColumnSpec("target_price_minor", .integer),
                  ColumnSpec("helpers", .integer), ColumnSpec("new_persons", .integer), ColumnSpec("helpers_who_bought", .integer),
                  ColumnSpec("success", .integer), ColumnSpec("seconds_to_success", .real), ColumnSpec("orders", .integer),
                  ColumnSpec("revenue_minor", .integer)],
        primaryKey: ["bargain_id"]
    )
    public static let summarySchema = TableSchema(
        name: "bargain_summary",
        columns: [ColumnSpec("start_date", .text), ColumnSpec("bargains", .integer), ColumnSpec("succeeded", .integer),
                  ColumnSpec("success_rate", .real), ColumnSpec("helpers_per_bargain", .real),
                  ColumnSpec("new_persons_per_bargain", .real), ColumnSpec("helper_conversion", .real)],
        primaryKey: ["start_date"]
    )

    struct Bargain {
        var start: Int?
        var firstHelp: [Int32: Timestamp] = [:]
        var success: Timestamp?
        var orders = 0
        var revenue = MoneySum.zero
    }

    public func run(_ data: CleanDataset) -> JobOutput {
        let idKey = data.symbols.lookup("bargain_id")
        let targetKey = data.symbols.lookup("target_price")
        var bargains: [Symbol: Bargain] = [:]
        for (i, e) in data.events.enumerated() {
            guard let b = data.property(idKey, of: e) else { continue }
            switch e.kind {
            case .bargainStart:
                if let s = bargains[b]?.start, !data.contentPrecedes(i, s) { break }
                bargains[b, default: Bargain()].start = i
            case .bargainHelp:
                let earlier = bargains[b]?.firstHelp[e.person]
                if earlier == nil || e.time < earlier! { bargains[b, default: Bargain()].firstHelp[e.person] = e.time }
            case .bargainSuccess:
                if let s = bargains[b]?.success, s <= e.time { break }
                bargains[b, default: Bargain()].success = e.time
            case .orderPaid:
                bargains[b, default: Bargain()].orders += 1
                bargains[b]!.revenue += e.amount
            default:
                break
            }
        }
        let windowMilliseconds = conversionWindow.secondsInMilliseconds
        let profiles = PersonProfile.profiles(data)
        let keys = data.identities.personKeys
        var rows: [[SQLValue]] = []
        var summary: [LocalDate: (bargains: Int, succeeded: Int, helpers: Int, new: Int, bought: Int)] = [:]
        var withoutStart = 0
        for (b, bargain) in bargains {
            guard let s = bargain.start else { withoutStart += 1; continue }
            let start = data.events[s]
            guard data.window.contains(start.day) else { continue }
            let helpers = bargain.firstHelp.filter { $0.key != start.person }
            let new = helpers.filter { p, helped in
                profiles[Int(p)]?.arrived(by: .bargainHelp, at: helped, in: data) ?? false
            }.count
            let bought = helpers.filter { p, helped in
                data.events(ofPerson: Int(p)).contains { e in
                    e.kind == .orderPaid && e.time >= helped && e.time.millisecondsSinceEpoch - helped.millisecondsSinceEpoch <= windowMilliseconds
                }
            }.count
            let target = data.property(targetKey, of: start).flatMap { MinorUnits(decimal: data.symbols[$0]) }
            let seconds = bargain.success.map { Double($0.millisecondsSinceEpoch - start.time.millisecondsSinceEpoch) / 1000 }
            rows.append([.text(data.symbols[b]), .text(start.time.description), .text(start.day.description),
                         .text(keys[Int(start.person)]), target.map { .integer($0.value) } ?? .null, .int(helpers.count),
                         .int(new), .int(bought), bargain.success == nil ? 0 : 1, seconds.map(SQLValue.real) ?? .null,
                         .int(bargain.orders), .money(bargain.revenue)])
            var cell = summary[start.day] ?? (0, 0, 0, 0, 0)
            cell.bargains += 1
            cell.succeeded += bargain.success == nil ? 0 : 1
            cell.helpers += helpers.count
            cell.new += new
            cell.bought += bought
            summary[start.day] = cell
        }
        let summaryRows: [[SQLValue]] = summary.map { day, c in
            [.text(day.description), .int(c.bargains), .int(c.succeeded), .ratio(c.succeeded, c.bargains),
             .real(Double(c.helpers) / Double(c.bargains)), .real(Double(c.new) / Double(c.bargains)), .ratio(c.bought, c.helpers)]
        }
        return JobOutput(
            tables: [ReportTable(schema: Self.schema, unsortedRows: rows), ReportTable(schema: Self.summarySchema, unsortedRows: summaryRows)],
            metrics: [RunMetric(job: name, name: "bargains_without_start", value: Int64(withoutStart))]
        )
    }
}
