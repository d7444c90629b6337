import FissionClean
import FissionModel

/// A person acquired through a share (their first active event is a `share_open` of it), and the orders that
/// followed: one `share_attribution` row.
struct ShareAttribution: Sendable, Equatable {
    var person: Int32
    var shareID: String
    /// The share's channel, or `orphan` when the share is not in the data.
    var channel: String
    /// The share's day, or the open's day for an orphan.
    var shareDate: LocalDate
    /// Nil for an orphan.
    var sharer: Int32?
    var openTime: Timestamp
    /// The first `order_paid` at or after the open's timestamp, however late.
    var firstOrderTime: Timestamp?
    /// `order_paid` events timed within the conversion window from the open (both ends inclusive: an order at the
    /// open's own millisecond counts).
    var windowOrders: Int
    var windowRevenue: MoneySum

    var converted: Bool { windowOrders > 0 }

    /// Follows the opener from the acquiring open at `openIndex` through their later events.
    init(openIndex: Int, in data: CleanDataset, shareID: String, origin: ShareOrigin?, windowMilliseconds: Int64) {
        let open = data.events[openIndex]
        person = open.person
        self.shareID = shareID
        channel = origin?.channel ?? ShareFunnelJob.orphanChannel
        shareDate = origin?.day ?? open.day
        sharer = origin?.person
        openTime = open.time
        firstOrderTime = nil
        windowOrders = 0
        windowRevenue = .zero
        for e in data.events(ofPerson: Int(open.person)) where e.kind == .orderPaid && e.time >= openTime {
            if firstOrderTime == nil { firstOrderTime = e.time }
            let elapsed = e.time.millisecondsSinceEpoch - openTime.millisecondsSinceEpoch
            guard elapsed <= windowMilliseconds else { break }
            windowOrders += 1
            windowRevenue += e.amount
        }
    }

    func row(personKeys: [String]) -> [SQLValue] {
        [.text(personKeys[Int(person)]), .text(shareID), .text(channel), .text(shareDate.description),
         sharer.map { .text(personKeys[Int($0)]) } ?? .null, .text(openTime.description),
         firstOrderTime.map { .text($0.description) } ?? .null, converted ? 1 : 0]
    }
}

extension ShareAttribution {
    /// Every acquisition through a share over all the data: each person whose first active event is a `share_open`
    /// (of a share in the data or not), with the orders that followed within the window.
    static func all(in data: CleanDataset, origins: [Symbol: ShareOrigin], windowMilliseconds: Int64) -> [ShareAttribution] {
        let shareKey = data.symbols.lookup("share_id")
        return PersonProfile.profiles(data).compactMap { profile in
            guard let profile else { return nil }
            let open = data.events[profile.firstActiveIndex]
            guard open.kind == .shareOpen, let shareID = data.property(shareKey, of: open) else { return nil }
            return ShareAttribution(openIndex: profile.firstActiveIndex, in: data, shareID: data.symbols[shareID],
                                    origin: origins[shareID], windowMilliseconds: windowMilliseconds)
        }
    }

    /// The person's net revenue (orders paid minus refunds) timed within the window after the acquiring open.
    func windowNetRevenue(in data: CleanDataset, windowMilliseconds: Int64) -> MoneySum {
        var net = MoneySum.zero
        for e in data.events(ofPerson: Int(person)) where e.time >= openTime {
            guard e.time.millisecondsSinceEpoch - openTime.millisecondsSinceEpoch <= windowMilliseconds else { break }
            if e.kind == .orderPaid { net += e.amount } else if e.kind == .refund { net -= e.amount }
        }
        return net
    }
}
