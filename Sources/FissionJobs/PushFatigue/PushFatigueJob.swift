import FissionClean
import FissionModel

/// `push_fatigue` and `push_campaigns`: whether more pushes still work ("conversion collapses above about 12 pushes
/// a year"), on the shop's own data.
///
/// - Each `push_sent` is placed by how many pushes its person had received in the trailing `window_days` (default 365)
///   up to and including it: buckets `1-4`, `5-8`, `9-12`, `13-24`, `25-52`, `53+`.
/// - Opened: a `push_open` by the person within `open_window` (default 24 h) after the push that carries the same
///   `props.push_id` when the push has one; else the same `props.campaign_id` when it has one; else the person's next
///   `push_open`, if it comes before their next push.
/// - Converted: an `order_paid` by the person within `conversion_window` (default 7 days) after the matched open.
/// - Opted out: an `unsubscribe` or `push_disabled` event by the person within 7 days after the push and before
///   their next push.
/// - `push_fatigue`, per bucket (`bucket` 1–6 orders them): `pushes`, `persons`, `opened`, `open_rate`, `converted`, `conversion_rate`
///   (converted / pushes), `opt_outs`, `opt_out_rate`. `push_campaigns`: the same per `campaign_id`.
///
/// Pushes are reported when their day is in the report window; the trailing counts use all the data.
public struct PushFatigueJob: AggregateJob {
    public static let name = "push_fatigue"
    public var name: String { Self.name }
    public var propertyKeys: Set<String> { ["push_id", "campaign_id"] }
    public var windowDays: Int
    public var openWindow: Int64
    public var conversionWindow: Int64

    public init(windowDays: Int = 365, openWindow: Int64 = 86_400, conversionWindow: Int64 = 7 * 86_400) {
        self.windowDays = windowDays
        self.openWindow = openWindow
        self.conversionWindow = conversionWindow
    }

    public init(options r: ConfigReader) throws(ConfigError) {
        self.init()
        windowDays = try r.int("window_days") ?? windowDays
        guard (1...3650).contains(windowDays) else { throw ConfigError(key: r.keyPath("window_days"), message: "must be between 1 and 3650") }
        openWindow = try r.duration("open_window") ?? openWindow
        conversionWindow = try r.duration("conversion_window") ?? conversionWindow
    }

    static let buckets: [(label: String, range: ClosedRange<Int>)] = [
        ("1-4", 1...4), ("5-8", 5...8), ("9-12", 9...12), ("13-24", 13...24), ("25-52", 25...52), ("53+", 53...Int.max),
    ]
    static let figures = [
        ColumnSpec("pushes", .integer), ColumnSpec("persons", .integer), ColumnSpec("opened", .integer),
        ColumnSpec("open_rate", .real), ColumnSpec("converted", .integer), ColumnSpec("conversion_rate", .real),
        ColumnSpec("opt_outs", .integer), ColumnSpec("opt_out_rate", .real),
    ]
    public static let schema = TableSchema(
        name: "push_fatigue", columns: [ColumnSpec("bucket", .integer), ColumnSpec("pushes_in_window", .text)] + figures,
        primaryKey: ["bucket"])
    public static let campaignSchema = TableSchema(
        name: "push_campaigns", columns: [ColumnSpec("campaign_id", .text)] + figures, primaryKey: ["campaign_id"])

    struct Cell {
        var pushes = 0, opened = 0, converted = 0, optOuts = 0
        var persons: Set<Int32> = []

        mutating func add(person: Int32, opened o: Bool, converted c: Bool, optedOut x: Bool) {
            pushes += 1
            persons.insert(person)
            if o { opened += 1 }
            if c { converted += 1 }
            if x { optOuts += 1 }
        }

        var values: [SQLValue] {
            [.int(pushes), .int(persons.count), .int(opened), .ratio(opened, pushes), .int(converted), .ratio(converted, pushes),
             .int(optOuts), .ratio(optOuts, pushes)]
        }
    }

    public func run(_ data: CleanDataset) -> JobOutput {
        let pushKey = data.symbols.lookup("push_id"), campaignKey = data.symbols.lookup("campaign_id")
        let optOutNames = Set(["unsubscribe", "push_disabled"].compactMap { data.symbols.lookup($0) })
        let (openMs, conversionMs, weekMs) = (openWindow.secondsInMilliseconds, conversionWindow.secondsInMilliseconds, Int64(7 * 86_400_000))
        var byBucket: [String: Cell] = [:]
        var byCampaign: [String: Cell] = [:]
        for range in data.personRanges {
            let events = Array(range)
            let pushes = events.filter { data.events[$0].kind == .pushSent }
            guard !pushes.isEmpty else { continue }
            var windowStart = 0
            // The person's events are in time order, and so are their pushes: the events at or after the current push
            // are the suffix from `from`, which only moves forward.
            var from = 0
            for (k, i) in pushes.enumerated() {
                let push = data.events[i]
                // Pushes in the trailing window, this one included.
                while push.day.daysSinceEpoch - data.events[pushes[windowStart]].day.daysSinceEpoch >= Int32(windowDays) { windowStart += 1 }
                let count = k - windowStart + 1
                guard data.window.contains(push.day) else { continue }
                while data.events[events[from]].time < push.time { from += 1 }
                let nextPush = k + 1 < pushes.count ? data.events[pushes[k + 1]].time : nil
                let pushID = data.property(pushKey, of: push), campaign = data.property(campaignKey, of: push)
                // The first later event (not the push itself) up to `ms` after `start` that matches: every window below is
                // bounded, so no search reads past it.
                func first(within ms: Int64, after start: Timestamp, where match: (CleanEvent) -> Bool) -> CleanEvent? {
                    var p = from
                    while p < events.count {
                        let e = data.events[events[p]]
                        if e.time.millisecondsSinceEpoch - start.millisecondsSinceEpoch > ms { return nil }
                        if events[p] != i, match(e) { return e }
                        p += 1
                    }
                    return nil
                }
                let open = first(within: openMs, after: push.time) { e in
                    guard e.kind == .pushOpen else { return false }
                    if let pushID { return data.property(pushKey, of: e) == pushID }
                    if let campaign { return data.property(campaignKey, of: e) == campaign }
                    return nextPush.map { e.time < $0 } ?? true
                }
                let converted = open.map { o in
                    first(within: conversionMs, after: o.time) { $0.kind == .orderPaid && $0.time >= o.time } != nil
                } ?? false
                let optedOut = first(within: weekMs, after: push.time) { e in
                    optOutNames.contains(e.name) && (nextPush.map { e.time < $0 } ?? true)
                } != nil
                let bucket = Self.buckets.first { $0.range.contains(count) }!.label
                byBucket[bucket, default: Cell()].add(person: push.person, opened: open != nil, converted: converted, optedOut: optedOut)
                if let campaign {
                    byCampaign[data.symbols[campaign], default: Cell()].add(person: push.person, opened: open != nil, converted: converted, optedOut: optedOut)
                }
            }
        }
        let bucketRows: [[SQLValue]] = Self.buckets.enumerated().compactMap { k, b in
            byBucket[b.label].map { [.int(k + 1), .text(b.label)] + $0.values }
        }
        let campaignRows: [[SQLValue]] = byCampaign.map { [.text($0.key)] + $0.value.values }
        return JobOutput(tables: [ReportTable(schema: Self.schema, rows: bucketRows),
                                  ReportTable(schema: Self.campaignSchema, unsortedRows: campaignRows)])
    }
}
