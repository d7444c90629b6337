import FissionClean
import FissionModel

/// `lifecycle`, `stickiness` and `stickiness_daily`: who is new, returning, back or gone each period, and how often
/// active people come.
///
/// - `lifecycle`, per period (`day`, Monday `week`, `month`) × segment (as retention: `all`, `platform:…`,
///   `channel:…`), in persons (the columns are named `…_persons`: `returning` alone is an SQL keyword): `active`
///   (an active event in the period); `new` (their first active period); `returning` (also active in the previous
///   period); `resurrected` (active again after at least one inactive period);
///   `returned_after_dormancy` (of the resurrected, those whose previous active day is at least `dormant_after`
///   days, default 90, before their first active day in the period: the WeChat console's 回流); `dormant` (active in
///   the previous period, not in this one); `pulse` = (new + resurrected) / dormant. Always
///   active = new + returning + resurrected and dormant = previous active − returning.
/// - `stickiness`, per `week` and `month`: how many persons were active on exactly k days of it (k = 1…7 or 1…31).
/// - `stickiness_daily`, per day: `dau`, `mau` (distinct active persons over the 30 days ending that day) and
///   `dau_mau`.
///
/// Periods that overlap the report window and have begun within the data are reported (days: in the window).
public struct LifecycleJob: AggregateJob {
    public static let name = "lifecycle"
    public var name: String { Self.name }
    public var propertyKeys: Set<String> { segments.propertyKeys }
    public var dormantAfter: Int
    public var segments: SegmentSelection

    public init(dormantAfter: Int = 90, segments: SegmentSelection = SegmentSelection()) {
        self.dormantAfter = dormantAfter
        self.segments = segments
    }

    public init(options r: ConfigReader) throws(ConfigError) {
        self.init()
        dormantAfter = try r.int("dormant_after_days") ?? 90
        guard (1...3650).contains(dormantAfter) else { throw ConfigError(key: r.keyPath("dormant_after_days"), message: "must be between 1 and 3650") }
        segments = try SegmentSelection.read(r)
    }

    public static let schema = TableSchema(
        name: "lifecycle",
        columns: [ColumnSpec("period", .text), ColumnSpec("period_start", .text), ColumnSpec("segment", .text),
                  ColumnSpec("active_persons", .integer), ColumnSpec("new_persons", .integer),
                  ColumnSpec("returning_persons", .integer), ColumnSpec("resurrected_persons", .integer),
                  ColumnSpec("returned_after_dormancy", .integer), ColumnSpec("dormant_persons", .integer), ColumnSpec("pulse", .real)] + SegmentColumns.specs,
        primaryKey: ["period", "period_start", "segment"]
    )
    public static let stickinessSchema = TableSchema(
        name: "stickiness",
        columns: [ColumnSpec("period", .text), ColumnSpec("period_start", .text), ColumnSpec("active_days", .integer),
                  ColumnSpec("persons", .integer)],
        primaryKey: ["period", "period_start", "active_days"]
    )
    public static let dailySchema = TableSchema(
        name: "stickiness_daily",
        columns: [ColumnSpec("day", .text), ColumnSpec("dau", .integer), ColumnSpec("mau", .integer), ColumnSpec("dau_mau", .real)],
        primaryKey: ["day"]
    )

    struct Key: Hashable {
        var index: Int
        var segment: String
    }

    struct Cell {
        var active = 0, new = 0, returning = 0, resurrected = 0, afterDormancy = 0, dormant = 0
    }

    public func run(_ data: CleanDataset) -> JobOutput {
        guard let lastDay = data.lastDataDay else {
            return JobOutput(tables: [ReportTable(schema: Self.schema, rows: []), ReportTable(schema: Self.stickinessSchema, rows: []),
                                      ReportTable(schema: Self.dailySchema, rows: [])])
        }
        let profiles = PersonProfile.profiles(data)
        // Each person's active days, ascending and distinct.
        let activeDays: [[LocalDate]] = data.personRanges.map { range in
            var days: [LocalDate] = []
            for e in data.events[range] where e.isActive && days.last != e.day {
                if let last = days.last, e.day < last { continue }
                days.append(e.day)
            }
            return days
        }
        var lifecycleRows: [[SQLValue]] = []
        var stickinessRows: [[SQLValue]] = []
        for period in Period.allCases {
            let calendar = PeriodCalendar(period)
            let lastIndex = calendar.index(of: lastDay)
            func reported(_ index: Int) -> Bool {
                index <= lastIndex && data.window.overlaps(first: calendar.firstDay(ofIndex: index), last: calendar.lastDay(ofIndex: index))
            }
            var cells: [Key: Cell] = [:]
            var counts: [Int: [Int: Int]] = [:]  // period index → active days → persons
            for (person, days) in activeDays.enumerated() {
                guard let profile = profiles[person], !days.isEmpty else { continue }
                let keys = segments.segments(of: profile)
                // Active periods with the first active day in each, and the number of active days.
                var periods: [(index: Int, firstDay: LocalDate, days: Int)] = []
                for day in days {
                    let index = calendar.index(of: day)
                    if periods.last?.index == index { periods[periods.count - 1].days += 1 } else { periods.append((index, day, 1)) }
                }
                for (k, p) in periods.enumerated() {
                    let previous = k > 0 ? periods[k - 1] : nil
                    if reported(p.index) {
                        for s in keys {
                            var cell = cells[Key(index: p.index, segment: s), default: Cell()]
                            cell.active += 1
                            if let previous {
                                if previous.index == p.index - 1 {
                                    cell.returning += 1
                                } else {
                                    cell.resurrected += 1
                                    let lastBefore = days[days.firstIndex(of: p.firstDay)! - 1]
                                    if p.firstDay.daysSinceEpoch - lastBefore.daysSinceEpoch >= dormantAfter { cell.afterDormancy += 1 }
                                }
                            } else {
                                cell.new += 1
                            }
                            cells[Key(index: p.index, segment: s)] = cell
                        }
                        if period != .day { counts[p.index, default: [:]][p.days, default: 0] += 1 }
                    }
                    // Dormant in the period after this one, when the person is not active in it.
                    let next = p.index + 1
                    if (k + 1 == periods.count || periods[k + 1].index != next) && reported(next) {
                        for s in keys { cells[Key(index: next, segment: s), default: Cell()].dormant += 1 }
                    }
                }
            }
            for (key, c) in cells {
                lifecycleRows.append([.text(period.rawValue), .text(calendar.firstDay(ofIndex: key.index).description), .text(key.segment),
                                      .int(c.active), .int(c.new), .int(c.returning), .int(c.resurrected), .int(c.afterDormancy),
                                      .int(c.dormant), .ratio(c.new + c.resurrected, c.dormant)] + SegmentColumns.values(key.segment))
            }
            for (index, byDays) in counts {
                for (n, persons) in byDays {
                    stickinessRows.append([.text(period.rawValue), .text(calendar.firstDay(ofIndex: index).description), .int(n), .int(persons)])
                }
            }
        }
        // DAU and the 30-day MAU ending each day.
        var activeOn: [LocalDate: Set<Int>] = [:]
        for (person, days) in activeDays.enumerated() { for d in days { activeOn[d, default: []].insert(person) } }
        let dailyRows: [[SQLValue]] = activeOn.keys.filter { data.window.contains($0) }.map { day in
            var month: Set<Int> = []
            for k in 0..<30 { month.formUnion(activeOn[day.adding(days: -k)] ?? []) }
            let dau = activeOn[day]!.count
            return [.text(day.description), .int(dau), .int(month.count), .ratio(dau, month.count)]
        }
        return JobOutput(tables: [ReportTable(schema: Self.schema, unsortedRows: lifecycleRows),
                                  ReportTable(schema: Self.stickinessSchema, unsortedRows: stickinessRows),
                                  ReportTable(schema: Self.dailySchema, unsortedRows: dailyRows)])
    }
}
