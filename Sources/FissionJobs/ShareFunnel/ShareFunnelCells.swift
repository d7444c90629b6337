import FissionModel
import Foundation

/// The counts of one `share_funnel` row (share day × channel) while they are being gathered.
struct ShareFunnelCell: Sendable {
    var shares = 0
    var sharers: Set<Int32> = []
    var opens = 0
    var openers: Set<Int32> = []
    var newPersons: Set<Int32> = []
    var convertedPersons: Set<Int32> = []
    var orders = 0
    var revenue = MoneySum.zero

    mutating func addShare(by person: Int32) {
        shares += 1
        sharers.insert(person)
    }

    mutating func addOpen(by person: Int32, acquiring attribution: ShareAttribution?) {
        opens += 1
        openers.insert(person)
        guard let attribution else { return }
        newPersons.insert(person)
        if attribution.converted { convertedPersons.insert(person) }
        orders += attribution.windowOrders
        revenue += attribution.windowRevenue
    }

    /// From `shares` on, in `share_funnel` column order.
    var values: [SQLValue] {
        [.int(shares), .int(sharers.count), .int(opens), .int(openers.count), .int(newPersons.count),
         .int(convertedPersons.count), .int(orders), .money(revenue),
         .ratio(openers.count, shares), .ratio(convertedPersons.count, openers.count),
         .ratio(newPersons.count, sharers.count)]
    }
}

/// Every `share_funnel` cell, each day's `all` cell (the union of its channels) and a whole-data total.
struct ShareFunnelCells: Sendable {
    struct Key: Hashable, Comparable {
        var day: LocalDate
        var channel: String
        static func < (a: Key, b: Key) -> Bool { (a.day, a.channel) < (b.day, b.channel) }
    }

    private(set) var cells: [Key: ShareFunnelCell] = [:]
    /// Over all reported share days, per channel (distinct persons counted once over the period).
    private(set) var channelTotals: [String: ShareFunnelCell] = [:]
    var total: ShareFunnelCell { channelTotals[ShareFunnelJob.allChannel] ?? ShareFunnelCell() }

    mutating func update(day: LocalDate, channel: String, _ body: (inout ShareFunnelCell) -> Void) {
        body(&cells[Key(day: day, channel: channel), default: ShareFunnelCell()])
        body(&cells[Key(day: day, channel: ShareFunnelJob.allChannel), default: ShareFunnelCell()])
        body(&channelTotals[channel, default: ShareFunnelCell()])
        body(&channelTotals[ShareFunnelJob.allChannel, default: ShareFunnelCell()])
    }

    /// `share_funnel_summary` rows: the whole reported period per channel; the `all` row is the headline's.
    var summaryRows: [[SQLValue]] {
        channelTotals.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { [.text($0)] + channelTotals[$0]!.values }
    }

    /// `share_funnel` rows; `windowClosed(day)` gives the last column.
    func rows(windowClosed: (LocalDate) -> Bool) -> [[SQLValue]] {
        cells.keys.sorted().map { key in
            [.text(key.day.description), .text(key.channel)] + cells[key]!.values + [windowClosed(key.day) ? 1 : 0]
        }
    }

    /// `share_funnel_by_scene` rows: the open side of each cell (a share has no scene of its own).
    var sceneRows: [[SQLValue]] {
        cells.keys.sorted().map { key in
            let c = cells[key]!
            return [.text(key.day.description), .text(key.channel), .int(c.opens), .int(c.openers.count), .int(c.newPersons.count),
                    .int(c.convertedPersons.count), .int(c.orders), .money(c.revenue), .ratio(c.convertedPersons.count, c.openers.count)]
        }
    }

    /// `share funnel: 290 shares, 12.3% open→convert, k-factor 0.58`, over distinct persons in the whole data.
    var headline: String {
        let convert = total.openers.isEmpty
            ? "n/a" : String(format: "%.1f%%", 100 * Double(total.convertedPersons.count) / Double(total.openers.count))
        let k = total.sharers.isEmpty
            ? "n/a" : String(format: "%.2f", Double(total.newPersons.count) / Double(total.sharers.count))
        return "share funnel: \(total.shares) shares, \(convert) open→convert, k-factor \(k)"
    }
}
