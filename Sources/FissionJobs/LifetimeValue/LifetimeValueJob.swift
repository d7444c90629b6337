import FissionClean
import FissionModel

/// `ltv` and `ltv_summary`: cumulative net revenue per person by first-active-day cohort.
///
/// - Cohort: the local day of the person's first active event in all the data; cohorts on days in the report window
///   are reported, their revenue counted on all the data. Segments as in retention.
/// - `revenue_minor` at offset k: Σ `order_paid` − Σ `refund` amounts of cohort members on days cohort…cohort+k,
///   each on its own day, from the person the event belongs to (a refund counts even when its order is not in the data).
/// - `paying_persons` at offset k: members with an `order_paid` on or before cohort+k.
/// - `ltv_minor` = revenue_minor / cohort_size; `is_complete`: cohort+k is on or before the last data day.
/// - `ltv_summary` pools cohorts whose cell is complete: Σ revenue over Σ persons, and over Σ paying persons.
public struct LifetimeValueJob: AggregateJob {
    public static let name = "ltv"
    public var name: String { Self.name }
    public var propertyKeys: Set<String> { Set(["order_id"]).union(segments.propertyKeys) }
    public var maxOffset = 90
    public var segments = SegmentSelection()

    public static let schema = TableSchema(
        name: "ltv",
        columns: [
            ColumnSpec("cohort_date", .text), ColumnSpec("segment", .text), ColumnSpec("offset", .integer),
            ColumnSpec("cohort_size", .integer), ColumnSpec("paying_persons", .integer), ColumnSpec("revenue_minor", .integer),
            ColumnSpec("ltv_minor", .real), ColumnSpec("is_complete", .integer),
        ] + SegmentColumns.specs,
        primaryKey: ["segment", "cohort_date", "offset"]
    )
    public static let summarySchema = TableSchema(
        name: "ltv_summary",
        columns: [
            ColumnSpec("segment", .text), ColumnSpec("offset", .integer), ColumnSpec("cohorts", .integer),
            ColumnSpec("cohort_size", .integer), ColumnSpec("paying_persons", .integer), ColumnSpec("revenue_minor", .integer),
            ColumnSpec("ltv_minor", .real), ColumnSpec("ltv_per_paying_minor", .real),
        ] + SegmentColumns.specs,
        primaryKey: ["segment", "offset"]
    )

    public init(maxOffset: Int = 90, segments: SegmentSelection = SegmentSelection()) {
        self.maxOffset = maxOffset
        self.segments = segments
    }

    public init(options r: ConfigReader) throws(ConfigError) {
        if let n = try r.int("max_offset") {
            guard (0...3650).contains(n) else { throw ConfigError(key: r.keyPath("max_offset"), message: "must be between 0 and 3650") }
            maxOffset = n
        }
        segments = try SegmentSelection.read(r)
    }

    struct Key: Hashable {
        var cohort: LocalDate
        var segment: String
    }

    struct Cohort {
        var size = 0
        /// Revenue and new payers on each offset day; cumulated when rows are written.
        var revenue: [MoneySum]
        var newPayers: [Int]
    }

    public func run(_ data: CleanDataset) -> JobOutput {
        let profiles = PersonProfile.profiles(data)
        var cohorts: [Key: Cohort] = [:]
        let empty = Cohort(revenue: Array(repeating: .zero, count: maxOffset + 1), newPayers: Array(repeating: 0, count: maxOffset + 1))
        for (person, profile) in profiles.enumerated() {
            guard let profile, data.window.contains(profile.firstActiveDay) else { continue }
            var revenue = [MoneySum](repeating: .zero, count: maxOffset + 1)
            var firstPaid: Int?
            for e in data.events(ofPerson: person) {
                let k = Int(e.day.daysSinceEpoch - profile.firstActiveDay.daysSinceEpoch)
                guard (0...maxOffset).contains(k) else { continue }
                switch e.kind {
                case .orderPaid:
                    revenue[k] += e.amount
                    firstPaid = firstPaid ?? k
                case .refund:
                    revenue[k] -= e.amount
                default:
                    break
                }
            }
            for segment in segments.segments(of: profile) {
                // Mutated in place: a copy taken out and put back would copy both arrays each time.
                let key = Key(cohort: profile.firstActiveDay, segment: segment)
                cohorts[key, default: empty].size += 1
                for k in 0...maxOffset where revenue[k] != .zero { cohorts[key]!.revenue[k] += revenue[k] }
                if let firstPaid { cohorts[key]!.newPayers[firstPaid] += 1 }
            }
        }

        var rows: [[SQLValue]] = []
        // segment → offset → (cohorts, size, paying, revenue) over complete cells
        var pooled: [String: [(cohorts: Int, size: Int, paying: Int, revenue: MoneySum)]] = [:]
        for (key, c) in cohorts {
            var revenue = MoneySum.zero
            var paying = 0
            var pool = pooled[key.segment] ?? Array(repeating: (0, 0, 0, .zero), count: maxOffset + 1)
            for k in 0...maxOffset {
                revenue += c.revenue[k]
                paying += c.newPayers[k]
                let complete = data.lastCompleteDay.map { key.cohort.adding(days: k) <= $0 } ?? false
                rows.append([.text(key.cohort.description), .text(key.segment), .int(k), .int(c.size), .int(paying),
                             .money(revenue), .real(revenue.average(over: c.size)), complete ? 1 : 0] + SegmentColumns.values(key.segment))
                if complete {
                    pool[k].cohorts += 1
                    pool[k].size += c.size
                    pool[k].paying += paying
                    pool[k].revenue += revenue
                }
            }
            pooled[key.segment] = pool
        }
        let summary: [[SQLValue]] = pooled.flatMap { segment, pool in
            pool.enumerated().map { k, p -> [SQLValue] in
                [.text(segment), .int(k), .int(p.cohorts), .int(p.size), .int(p.paying), .money(p.revenue),
                 p.size == 0 ? .null : .real(p.revenue.average(over: p.size)),
                 p.paying == 0 ? .null : .real(p.revenue.average(over: p.paying))] + SegmentColumns.values(segment)
            }
        }

        let unknownRefunds = Self.refundsOfUnknownOrders(data)
        var headline = "LTV d30: n/a"
        if maxOffset >= 30, let p = pooled["all"]?[30], p.size > 0 {
            let perPerson = MoneySum(Int128(p.revenue.average(over: p.size).rounded(.toNearestOrEven)))
            headline = "LTV d30: \(perPerson) per person over \(p.cohorts) cohorts"
        }
        return JobOutput(
            tables: [ReportTable(schema: Self.schema, unsortedRows: rows), ReportTable(schema: Self.summarySchema, unsortedRows: summary)],
            metrics: [RunMetric(job: name, name: "refunds_of_unknown_orders", value: Int64(unknownRefunds))],
            headline: [headline + (unknownRefunds > 0 ? " (\(unknownRefunds) refunds of orders not in the data)" : "")]
        )
    }

    /// Refunds whose `order_id` appears on no `order_paid` event in the data (the order predates the export).
    static func refundsOfUnknownOrders(_ data: CleanDataset) -> Int {
        let orderKey = data.symbols.lookup("order_id")
        var orders: Set<Symbol> = []
        for e in data.events where e.kind == .orderPaid {
            if let id = data.property(orderKey, of: e) { orders.insert(id) }
        }
        return data.events.count { e in
            e.kind == .refund && !(data.property(orderKey, of: e).map(orders.contains) ?? false)
        }
    }
}
