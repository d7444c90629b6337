import FissionClean
import FissionModel

/// `share_cascades`, `share_cascade_summary`, `top_sharers`, `viral_coefficient_daily`: how shares spread beyond one
/// hop. The trees are those of `ShareForest`; a tree's root share is its root person's first `share` event (content
/// order), whose day and channel (as in `share_funnel`) place the tree in time. Trees, sharer periods and days are
/// reported when that day falls in the report window; the trees themselves are built from all the data.
///
/// - `share_cascades`: one row per tree of at least 2 persons: `size`; `depth`, the edges on its longest path from
///   the root; `max_breadth`, the most persons in one generation; `generations`, persons per generation from the
///   root (`1,4,9,3`); the `orders` and `net_revenue_minor` (orders paid minus refunds) of its acquired members
///   within the conversion window after each one's acquiring open (the root's own purchases are not the spread's);
///   and `structural_virality` ν.
/// - `share_cascade_summary`: per root share day × channel (and `all`): trees (every root who shared, size 1
///   included) by size band; mean and max depth; mean ν over trees of 2+; `shares` by the trees' members, `opens`
///   of those shares (not by the sharer's own person), `opens_per_share`, and `persons_reached_per_root_share`
///   (acquired persons per tree).
/// - `top_sharers`: per period (`day`, `week`, `month`) × sharer, for the shares they made in it: shares, opens,
///   `share_back_rate` (opens / shares), direct new persons (acquired by those shares), indirect new persons (all
///   below those in their trees), and the orders and net revenue of both within the conversion window; `rank` by
///   new persons (direct + indirect), then shares, opens, person key.
/// - `viral_coefficient_daily`: per share day: sharers, persons acquired by that day's shares, their ratio (the
///   daily k-factor), and the same over the 7 days ending that day.
public struct ShareCascadeJob: AggregateJob {
    public static let name = "share_cascades"
    public var name: String { Self.name }
    public var propertyKeys: Set<String> { ["share_id", "channel"] }

    /// Seconds after an acquiring open within which the new person's orders count (config `conversion_window`).
    public var conversionWindow: Int64
    public var maxChannels: Int
    /// Periods of `top_sharers` (config `periods`), weeks starting on Monday.
    public var periods: [Period]

    public init(conversionWindow: Int64 = ShareFunnelJob.defaultConversionWindow, maxChannels: Int = ShareChannels.defaultMaxChannels,
                periods: [Period] = Period.allCases) {
        self.conversionWindow = conversionWindow
        self.maxChannels = maxChannels
        self.periods = periods
    }

    public init(options r: ConfigReader) throws(ConfigError) {
        self.init()
        conversionWindow = try r.duration("conversion_window") ?? conversionWindow
        maxChannels = try r.int("max_channels") ?? maxChannels
        guard (1...10_000).contains(maxChannels) else { throw ConfigError(key: r.keyPath("max_channels"), message: "must be between 1 and 10000") }
        periods = try Period.read(r, "periods") ?? periods
    }

    public static let cascadeSchema = TableSchema(
        name: "share_cascades",
        columns: [ColumnSpec("root_person_key", .text), ColumnSpec("root_share_date", .text), ColumnSpec("channel", .text),
                  ColumnSpec("size", .integer), ColumnSpec("depth", .integer), ColumnSpec("max_breadth", .integer),
                  ColumnSpec("generations", .text), ColumnSpec("orders", .integer), ColumnSpec("net_revenue_minor", .integer),
                  ColumnSpec("structural_virality", .real)],
        primaryKey: ["root_person_key"]
    )
    public static let summarySchema = TableSchema(
        name: "share_cascade_summary",
        columns: [ColumnSpec("root_share_date", .text), ColumnSpec("channel", .text), ColumnSpec("trees", .integer),
                  ColumnSpec("trees_size_1", .integer), ColumnSpec("trees_size_2", .integer), ColumnSpec("trees_size_3_5", .integer),
                  ColumnSpec("trees_size_6_10", .integer), ColumnSpec("trees_size_11_50", .integer),
                  ColumnSpec("trees_size_over_50", .integer), ColumnSpec("mean_depth", .real), ColumnSpec("max_depth", .integer),
                  ColumnSpec("mean_structural_virality", .real), ColumnSpec("shares", .integer), ColumnSpec("opens", .integer),
                  ColumnSpec("opens_per_share", .real), ColumnSpec("persons_reached_per_root_share", .real)],
        primaryKey: ["root_share_date", "channel"]
    )
    public static let topSharersSchema = TableSchema(
        name: "top_sharers",
        columns: [ColumnSpec("period", .text), ColumnSpec("period_start", .text), ColumnSpec("sharer_person_key", .text),
                  ColumnSpec("rank", .integer), ColumnSpec("shares", .integer), ColumnSpec("opens", .integer),
                  ColumnSpec("share_back_rate", .real), ColumnSpec("direct_new_persons", .integer),
                  ColumnSpec("indirect_new_persons", .integer), ColumnSpec("orders", .integer), ColumnSpec("revenue_minor", .integer)],
        primaryKey: ["period", "period_start", "sharer_person_key"]
    )
    public static let viralSchema = TableSchema(
        name: "viral_coefficient_daily",
        columns: [ColumnSpec("share_date", .text), ColumnSpec("sharers", .integer), ColumnSpec("new_persons", .integer),
                  ColumnSpec("k_factor", .real), ColumnSpec("sharers_7d", .integer), ColumnSpec("new_persons_7d", .integer),
                  ColumnSpec("k_factor_7d", .real)],
        primaryKey: ["share_date"]
    )

    public func run(_ data: CleanDataset) -> JobOutput {
        let window = conversionWindow.secondsInMilliseconds
        let channels = ShareChannels(data, maxChannels: maxChannels)
        let origins = ShareOrigin.index(data, channels: channels)
        let keys = data.identities.personKeys
        let forest = ShareForest(personCount: data.personCount,
                                 acquisitions: ShareAttribution.all(in: data, origins: origins, windowMilliseconds: window),
                                 personKeys: keys)
        // What each acquired person brought within the window: orders and net revenue.
        var outcome: [Int32: (orders: Int, net: MoneySum)] = [:]
        for (p, a) in forest.acquisition { outcome[p] = (a.windowOrders, a.windowNetRevenue(in: data, windowMilliseconds: window)) }

        // Each person's share events (in content order) and the opens of each share, by sharer.
        let shareKey = data.symbols.lookup("share_id")
        var sharesBy: [Int32: [Int]] = [:]
        var opensOf: [Int32: Int] = [:]  // sharer → opens of their shares (not their own)
        var opensBySharerDay: [Int32: [LocalDate: Int]] = [:]
        for (i, e) in data.events.enumerated() {
            if e.kind == .share {
                sharesBy[e.person, default: []].append(i)
            } else if e.kind == .shareOpen, let id = data.property(shareKey, of: e), let origin = origins[id], origin.person != e.person {
                opensOf[origin.person, default: 0] += 1
                opensBySharerDay[origin.person, default: [:]][origin.day, default: 0] += 1
            }
        }
        for p in sharesBy.keys { sharesBy[p]!.sort { data.contentPrecedes($0, $1) } }

        var cascades: [[SQLValue]] = []
        var summary: [SummaryKey: SummaryCell] = [:]
        var largest: ShareForest.Tree?
        var viralities: [Double] = []
        for root in sharesBy.keys.sorted() where forest.parent[Int(root)] < 0 {
            let first = data.events[sharesBy[root]![0]]
            guard data.window.contains(first.day) else { continue }
            let channel = channels.label(of: first, in: data)
            let tree = forest.tree(rootedAt: root)
            let members = tree.members
            let shares = members.reduce(0) { $0 + (sharesBy[$1]?.count ?? 0) }
            let opens = members.reduce(0) { $0 + (opensOf[$1] ?? 0) }
            for c in [channel, ShareFunnelJob.allChannel] {
                summary[SummaryKey(day: first.day, channel: c), default: SummaryCell()].add(tree, shares: shares, opens: opens)
            }
            guard tree.size >= 2 else { continue }
            var orders = 0
            var net = MoneySum.zero
            for m in members.dropFirst() {
                orders += outcome[m]?.orders ?? 0
                net += outcome[m]?.net ?? .zero
            }
            cascades.append([.text(keys[Int(root)]), .text(first.day.description), .text(channel), .int(tree.size),
                             .int(tree.depth), .int(tree.maxBreadth), .text(tree.generations.map { String($0.count) }.joined(separator: ",")),
                             .int(orders), .money(net), tree.virality.map(SQLValue.real) ?? .null])
            if let v = tree.virality { viralities.append(v) }
            if let l = largest, l.size > tree.size || (l.size == tree.size && keys[Int(l.root)] < keys[Int(root)]) {
                continue
            }
            largest = tree
        }
        let summaryRows = summary.map { key, cell in [.text(key.day.description), .text(key.channel)] + cell.values }

        // Direct acquisitions by sharer and share day; indirect ones are everyone below them.
        var direct: [Int32: [(day: LocalDate, person: Int32)]] = [:]
        for (p, a) in forest.acquisition { direct[a.sharer!, default: []].append((a.shareDate, p)) }
        var below: [Int32: Int] = [:]
        var belowOutcome: [Int32: (orders: Int, net: MoneySum)] = [:]
        func subtree(_ p: Int32) -> (count: Int, orders: Int, net: MoneySum) {
            if let n = below[p] { return (n, belowOutcome[p]!.orders, belowOutcome[p]!.net) }
            let d = forest.descendants(of: p)
            var orders = 0
            var net = MoneySum.zero
            for q in d { orders += outcome[q]?.orders ?? 0; net += outcome[q]?.net ?? .zero }
            below[p] = d.count
            belowOutcome[p] = (orders, net)
            return (d.count, orders, net)
        }

        var sharerRows: [[SQLValue]] = []
        for period in periods {
            let calendar = PeriodCalendar(period)
            var cells: [SharerKey: SharerCell] = [:]
            for (sharer, indexes) in sharesBy {
                for i in indexes where data.window.contains(data.events[i].day) {
                    cells[SharerKey(period: calendar.index(of: data.events[i].day), sharer: sharer), default: SharerCell()].shares += 1
                }
                for (day, n) in opensBySharerDay[sharer] ?? [:] where data.window.contains(day) {
                    cells[SharerKey(period: calendar.index(of: day), sharer: sharer), default: SharerCell()].opens += n
                }
                for (day, child) in direct[sharer] ?? [] where data.window.contains(day) {
                    let s = subtree(child)
                    let o = outcome[child]!
                    var cell = cells[SharerKey(period: calendar.index(of: day), sharer: sharer), default: SharerCell()]
                    cell.direct += 1
                    cell.indirect += s.count
                    cell.orders += o.orders + s.orders
                    cell.revenue += o.net
                    cell.revenue += s.net
                    cells[SharerKey(period: calendar.index(of: day), sharer: sharer)] = cell
                }
            }
            let byPeriod = Dictionary(grouping: cells, by: \.key.period)
            for (index, group) in byPeriod {
                let ranked = group.sorted { a, b in
                    let (x, y) = (a.value, b.value)
                    if x.direct + x.indirect != y.direct + y.indirect { return x.direct + x.indirect > y.direct + y.indirect }
                    if x.shares != y.shares { return x.shares > y.shares }
                    if x.opens != y.opens { return x.opens > y.opens }
                    return keys[Int(a.key.sharer)] < keys[Int(b.key.sharer)]
                }
                for (rank, entry) in ranked.enumerated() {
                    let c = entry.value
                    sharerRows.append([.text(period.rawValue), .text(calendar.firstDay(ofIndex: index).description),
                                       .text(keys[Int(entry.key.sharer)]), .int(rank + 1), .int(c.shares), .int(c.opens),
                                       .ratio(c.opens, c.shares), .int(c.direct), .int(c.indirect), .int(c.orders), .money(c.revenue)])
                }
            }
        }

        // The daily k-factor, and over the 7 days ending each day.
        var sharersOn: [LocalDate: Set<Int32>] = [:]
        var acquiredOn: [LocalDate: Int] = [:]
        for (sharer, indexes) in sharesBy { for i in indexes { sharersOn[data.events[i].day, default: []].insert(sharer) } }
        for a in forest.acquisition.values { acquiredOn[a.shareDate, default: 0] += 1 }
        let viralRows: [[SQLValue]] = sharersOn.keys.filter { data.window.contains($0) }.map { day in
            var sharers7: Set<Int32> = []
            var new7 = 0
            for k in 0..<7 {
                let d = day.adding(days: -k)
                sharers7.formUnion(sharersOn[d] ?? [])
                new7 += acquiredOn[d] ?? 0
            }
            let sharers = sharersOn[day]!.count
            let new = acquiredOn[day] ?? 0
            return [.text(day.description), .int(sharers), .int(new), .ratio(new, sharers), .int(sharers7.count), .int(new7),
                    .ratio(new7, sharers7.count)]
        }

        var headline = "share cascades: none"
        if let largest {
            let mean = viralities.reduce(0, +) / Double(viralities.count)
            headline = "share cascades: largest \(largest.size) persons, depth \(largest.depth) (root \(keys[Int(largest.root)])); "
                + "mean structural virality \(String(format: "%.2f", mean)) over \(viralities.count) trees of 2+"
        }
        return JobOutput(
            tables: [ReportTable(schema: Self.cascadeSchema, unsortedRows: cascades),
                     ReportTable(schema: Self.summarySchema, unsortedRows: summaryRows),
                     ReportTable(schema: Self.topSharersSchema, unsortedRows: sharerRows),
                     ReportTable(schema: Self.viralSchema, unsortedRows: viralRows)],
            headline: [headline]
        )
    }

    struct SummaryKey: Hashable {
        var day: LocalDate
        var channel: String
    }

    /// One `share_cascade_summary` row while it is gathered.
    struct SummaryCell {
        var trees = 0
        var bands = [Int](repeating: 0, count: 6)
        var depthSum = 0
        var maxDepth = 0
        var viralitySum = 0.0
        var viralTrees = 0
        var shares = 0
        var opens = 0
        var reached = 0

        mutating func add(_ tree: ShareForest.Tree, shares: Int, opens: Int) {
            trees += 1
            let n = tree.size
            bands[n == 1 ? 0 : n == 2 ? 1 : n <= 5 ? 2 : n <= 10 ? 3 : n <= 50 ? 4 : 5] += 1
            depthSum += tree.depth
            maxDepth = max(maxDepth, tree.depth)
            if let v = tree.virality { viralitySum += v; viralTrees += 1 }
            self.shares += shares
            self.opens += opens
            reached += n - 1
        }

        var values: [SQLValue] {
            [.int(trees)] + bands.map { .int($0) } + [.real(Double(depthSum) / Double(trees)), .int(maxDepth),
             viralTrees == 0 ? .null : .real(viralitySum / Double(viralTrees)), .int(shares), .int(opens),
             .ratio(opens, shares), .ratio(reached, trees)]
        }
    }

    struct SharerKey: Hashable {
        var period: Int
        var sharer: Int32
    }

    struct SharerCell {
        var shares = 0
        var opens = 0
        var direct = 0
        var indirect = 0
        var orders = 0
        var revenue = MoneySum.zero
    }
}
