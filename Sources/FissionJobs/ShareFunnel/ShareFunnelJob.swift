import FissionClean
import FissionModel

/// `share_funnel` and `share_attribution`: how shares turn into opens, new persons and orders.
///
/// A share is a `share_id`; when several `share` events carry it, the earliest (by timestamp, then `event_id`) gives
/// the share's day, channel and sharer, while every `share` event still counts in `shares` of its own day and
/// channel. Opens count under the share's day and channel, not their own. Rows are written for share days in the
/// report window; "new" and conversions are decided on all the data.
///
/// - `shares`, `sharers`: `share` events of that day and channel, and the distinct persons who made them.
/// - `opens`, `openers`: `share_open` events of those shares, excluding the sharer's own, and their persons.
///   Opens of a `share_id` no share event carries count under channel `orphan` on the open's day.
/// - `new_persons`: openers whose first active event is a `share_open` of the share (acquired by it).
/// - `converted_persons`, `orders`, `revenue_minor`: new persons with an `order_paid` timed within
///   `conversion_window` of their acquiring open (both ends inclusive), those orders, and their amounts.
/// - `open_rate` = openers / shares, `conversion_rate` = converted / openers, `k_factor` = new / sharers.
/// - Channel `all` is the union of the day's channels, `orphan` included.
///
/// `share_attribution` has one row per new person: the share that acquired them and their first order.
///
/// Metrics: `orphan_share_opens` counts opens of shares not in the data; `self_opens` counts opens by the
/// sharer's own person, which are left out of `opens`.
public struct ShareFunnelJob: AggregateJob {
    public static let name = "share_funnel"
    public var name: String { Self.name }
    public var propertyKeys: Set<String> { ["share_id", "channel", "scene"] }

    static let allChannel = "all"
    static let orphanChannel = "orphan"
    public static let defaultConversionWindow: Int64 = 7 * 86_400

    /// Seconds after the acquiring open within which an order converts (config `conversion_window`, default 7d).
    public var conversionWindow: Int64

    public static let schema = TableSchema(
        name: "share_funnel",
        columns: [
            ColumnSpec("share_date", .text), ColumnSpec("channel", .text), ColumnSpec("shares", .integer),
            ColumnSpec("sharers", .integer), ColumnSpec("opens", .integer), ColumnSpec("openers", .integer),
            ColumnSpec("new_persons", .integer), ColumnSpec("converted_persons", .integer),
            ColumnSpec("orders", .integer), ColumnSpec("revenue_minor", .integer), ColumnSpec("open_rate", .real),
            ColumnSpec("conversion_rate", .real), ColumnSpec("k_factor", .real), ColumnSpec("window_closed", .integer),
        ],
        primaryKey: ["share_date", "channel"]
    )
    /// The whole reported period per channel, with persons counted once: the figures of the run's headline.
    public static let summarySchema = TableSchema(
        name: "share_funnel_summary",
        columns: [
            ColumnSpec("channel", .text), ColumnSpec("shares", .integer), ColumnSpec("sharers", .integer),
            ColumnSpec("opens", .integer), ColumnSpec("openers", .integer), ColumnSpec("new_persons", .integer),
            ColumnSpec("converted_persons", .integer), ColumnSpec("orders", .integer), ColumnSpec("revenue_minor", .integer),
            ColumnSpec("open_rate", .real), ColumnSpec("conversion_rate", .real), ColumnSpec("k_factor", .real),
        ],
        primaryKey: ["channel"]
    )
    /// The share funnel's open side by the WeChat scene channel of each open (`SceneChannels`): how the shared card
    /// was reached (single chat, group chat, Moments, a poster's code…), beside the sharer's `props.channel`.
    public static let sceneSchema = TableSchema(
        name: "share_funnel_by_scene",
        columns: [
            ColumnSpec("share_date", .text), ColumnSpec("scene_channel", .text), ColumnSpec("opens", .integer),
            ColumnSpec("openers", .integer), ColumnSpec("new_persons", .integer), ColumnSpec("converted_persons", .integer),
            ColumnSpec("orders", .integer), ColumnSpec("revenue_minor", .integer), ColumnSpec("conversion_rate", .real),
        ],
        primaryKey: ["share_date", "scene_channel"]
    )
    public static let attributionSchema = TableSchema(
        name: "share_attribution",
        columns: [
            ColumnSpec("person_key", .text), ColumnSpec("share_id", .text), ColumnSpec("channel", .text),
            ColumnSpec("share_date", .text), ColumnSpec("sharer_person_key", .text), ColumnSpec("open_ts", .text),
            ColumnSpec("first_order_ts", .text), ColumnSpec("converted", .integer),
        ],
        primaryKey: ["person_key"]
    )

    /// Distinct channels reported by label (config `max_channels`, default 32); see `ShareChannels`.
    public var maxChannels: Int

    public init(conversionWindow: Int64 = defaultConversionWindow, maxChannels: Int = ShareChannels.defaultMaxChannels) {
        self.conversionWindow = conversionWindow
        self.maxChannels = maxChannels
    }

    public init(options: ConfigReader) throws(ConfigError) {
        conversionWindow = try options.duration("conversion_window") ?? Self.defaultConversionWindow
        maxChannels = try options.int("max_channels") ?? ShareChannels.defaultMaxChannels
        guard (1...10_000).contains(maxChannels) else {
            throw ConfigError(key: options.keyPath("max_channels"), message: "must be between 1 and 10000")
        }
    }

    public func run(_ data: CleanDataset) -> JobOutput {
        let windowMilliseconds = conversionWindow.secondsInMilliseconds
        let channels = ShareChannels(data, maxChannels: maxChannels)
        let origins = ShareOrigin.index(data, channels: channels)
        let shareKey = data.symbols.lookup("share_id")
        let profiles = PersonProfile.profiles(data)
        var cells = ShareFunnelCells()
        var sceneCells = ShareFunnelCells()
        let sceneKey = data.symbols.lookup("scene")
        var attributions: [ShareAttribution] = []
        var orphanOpens = 0
        var selfOpens = 0
        for (i, e) in data.events.enumerated() {
            switch e.kind {
            case .share:
                guard data.window.contains(e.day) else { continue }
                cells.update(day: e.day, channel: channels.label(of: e, in: data)) { $0.addShare(by: e.person) }
            case .shareOpen:
                guard let shareID = data.property(shareKey, of: e) else { continue }
                let origin = origins[shareID]
                guard data.window.contains(origin?.day ?? e.day) else { continue }
                if let origin, origin.person == e.person {
                    selfOpens += 1
                    continue
                }
                if origin == nil { orphanOpens += 1 }
                let acquired = profiles[Int(e.person)]?.firstActiveIndex == i
                    ? ShareAttribution(openIndex: i, in: data, shareID: data.symbols[shareID], origin: origin,
                                       windowMilliseconds: windowMilliseconds)
                    : nil
                if let acquired { attributions.append(acquired) }
                cells.update(day: origin?.day ?? e.day, channel: origin?.channel ?? Self.orphanChannel) {
                    $0.addOpen(by: e.person, acquiring: acquired)
                }
                let scene = data.property(sceneKey, of: e).map { data.symbols[$0] }
                sceneCells.update(day: origin?.day ?? e.day, channel: SceneChannels.channel(of: scene, overrides: data.sceneChannelOverrides)) {
                    $0.addOpen(by: e.person, acquiring: acquired)
                }
            default:
                continue
            }
        }
        // A share day's conversions are final once the day's last instant plus the conversion window has passed by the
        // end of the data (opens on that day can convert no further).
        let windowClosed = { (day: LocalDate) -> Bool in
            guard let end = data.endOfData else { return false }
            return data.calendar.startOfDay(day.adding(days: 1)).advanced(byMilliseconds: windowMilliseconds) <= end
        }
        let keys = data.identities.personKeys
        let attributionRows = attributions
            .sorted { keys[Int($0.person)] < keys[Int($1.person)] }
            .map { $0.row(personKeys: keys) }
        return JobOutput(
            tables: [ReportTable(schema: Self.schema, rows: cells.rows(windowClosed: windowClosed)),
                     ReportTable(schema: Self.attributionSchema, rows: attributionRows),
                     ReportTable(schema: Self.sceneSchema, rows: sceneCells.sceneRows),
                     ReportTable(schema: Self.summarySchema, rows: cells.summaryRows)],
            metrics: [
                RunMetric(job: name, name: "orphan_share_opens", value: Int64(orphanOpens)),
                RunMetric(job: name, name: "self_opens", value: Int64(selfOpens)),
                RunMetric(job: name, name: "channels_folded", value: Int64(channels.folded)),
            ],
            headline: [cells.headline]
        )
    }
}
