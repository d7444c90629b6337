import FissionClean
import FissionModel

/// `daily_activity`: one row per local day × platform, plus platform `all` for the day across platforms, for the
/// days of the report window.
///
/// - `active_persons`: persons with at least one active (non-system) event that day on that platform.
/// - `events`: accepted events, system events included.
/// - `new_persons`: persons whose first active event in the data falls on that day (counted on that event's platform,
///   the same first event that defines cohorts and segments).
/// - `orders`: `order_paid` events.
/// - `revenue_minor`: `order_paid` amounts minus `refund` amounts, on each event's own day, in minor units.
public struct DailyActivityJob: AggregateJob {
    public static let name = "daily_activity"
    public var name: String { Self.name }

    public static let schema = TableSchema(
        name: "daily_activity",
        columns: [
            ColumnSpec("day", .text), ColumnSpec("platform", .text), ColumnSpec("active_persons", .integer),
            ColumnSpec("events", .integer), ColumnSpec("new_persons", .integer), ColumnSpec("orders", .integer),
            ColumnSpec("revenue_minor", .integer),
        ],
        primaryKey: ["day", "platform"]
    )
    public init() {}

    public init(options: ConfigReader) throws(ConfigError) {}

    struct Cell {
        var active: Set<Int32> = []
        var events = 0
        var newPersons = 0
        var orders = 0
        var revenue = MoneySum.zero
    }

    public func run(_ data: CleanDataset) -> JobOutput {
        /// A day and a platform symbol; `allKey` stands for the day across platforms.
        struct Key: Hashable {
            var day: LocalDate
            var platform: Int32
        }
        let allKey: Int32 = -1
        var cells: [Key: Cell] = [:]
        /// Updates the day's cell for `platform` and the day's `all` cell.
        func update(_ day: LocalDate, _ platform: Symbol, _ body: (inout Cell) -> Void) {
            body(&cells[Key(day: day, platform: platform.index), default: Cell()])
            body(&cells[Key(day: day, platform: allKey), default: Cell()])
        }
        for e in data.events where data.window.contains(e.day) {
            update(e.day, e.platform) { cell in
                cell.events += 1
                if e.isActive { cell.active.insert(e.person) }
                switch e.kind {
                case .orderPaid:
                    cell.orders += 1
                    cell.revenue += e.amount
                case .refund:
                    cell.revenue -= e.amount
                default:
                    break
                }
            }
        }
        for case let profile? in PersonProfile.profiles(data) where data.window.contains(profile.firstActiveDay) {
            let first = data.events[profile.firstActiveIndex].platform
            update(profile.firstActiveDay, first) { $0.newPersons += 1 }
        }
        let keyed = cells.map { (day: $0.key.day, platform: ReservedLabel.platform($0.key.platform, in: data), cell: $0.value) }
        let rows: [[SQLValue]] = keyed.sorted { ($0.day, $0.platform) < ($1.day, $1.platform) }.map { k in
            let c = k.cell
            return [.text(k.day.description), .text(k.platform), .int(c.active.count), .int(c.events),
                    .int(c.newPersons), .int(c.orders), .money(c.revenue)]
        }
        return JobOutput(tables: [ReportTable(schema: Self.schema, rows: rows)])
    }
}
