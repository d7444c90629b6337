extension Simulation {
    /// Friends open each share a few minutes to a day later: people already around (on the sharer's
    /// platform) or newcomers who first appear through the link. Shares made by those visitors are
    /// processed too (the share list grows while it is walked), so chains of sharing emerge.
    mutating func processShares() {
        while processedShares < shares.count {
            let share = shares[processedShares]
            processedShares += 1
            let platform = accounts[share.account].platform
            let sharer = accounts[share.account].person
            if rng.chance(0.12) {
                let at = share.utcMs + Int64(rng.int(in: 60...1800)) * 1000 + Int64(rng.below(1000))
                runSession(account: share.account, start: at, entry: .shareLink(share.shareID), allowSignup: false,
                           allowSocial: false)
            }
            let openWeights = switch share.channel {
            case "chat": [35, 40, 20, 5]
            case "group": [15, 25, 25, 15, 10, 6, 4]
            case "moments": [30, 30, 20, 12, 8]
            case "poster": [40, 30, 20, 10]
            default: [45, 35, 20]
            }
            for _ in 0..<rng.weighted(openWeights) {
                let at = share.utcMs + openDelay()
                guard at < clock.windowEndMs else { continue }
                if rng.chance(0.45), let newcomer = takeReferral() {
                    introduce(newcomer, on: platform, at: at, via: share)
                } else if let recipient = pickAudience(on: platform, excluding: [sharer]) {
                    runSession(account: recipient, start: at, entry: .shareLink(share.shareID), allowSignup: true)
                }
            }
        }
    }

    /// 1–10 min (35%), 10–60 min (25%), 1–6 h (25%), 6–24 h (15%).
    mutating func openDelay() -> Int64 {
        let seconds = switch rng.weighted([35, 25, 25, 15]) {
        case 0: rng.int(in: 60...600)
        case 1: rng.int(in: 601...3600)
        case 2: rng.int(in: 3601...21_600)
        default: rng.int(in: 21_601...86_400)
        }
        return Int64(seconds) * 1000 + Int64(rng.below(1000))
    }

    /// A random account on `platform` whose person is not in `excluded` (nil if none found quickly).
    mutating func pickAudience(on platform: Platform, excluding excluded: [Int], loggedInAt: Int64? = nil) -> Int? {
        let pool = audience[platform.rawValue]
        guard !pool.isEmpty else { return nil }
        for _ in 0..<8 {
            let account = rng.element(of: pool)
            guard !excluded.contains(accounts[account].person) else { continue }
            if let t = loggedInAt, !accounts[account].isLoggedIn(at: t) { continue }
            return account
        }
        return nil
    }

    /// A newcomer's first visit through a link: anonymous `share_open` and browsing; about a fifth sign up
    /// and come back on 1–3 of the next days (where some buy), a few others return once anonymously.
    mutating func introduce(_ person: Int, on platform: Platform, at t: Int64, via share: ShareRecord) {
        persons[person].referralShareID = share.shareID
        persons[person].referralMs = t
        // People who arrive through a share pass it on more than most, so trees grow several generations deep.
        persons[person].shareRate = max(persons[person].shareRate, 0.3)
        createAccounts(for: person, preexisting: false, count: 1, first: platform)
        let account = persons[person].accounts[0]
        let signsUp = rng.chance(0.22)
        runSession(account: account, start: t, entry: .shareLink(share.shareID), allowSignup: signsUp)
        let day = clock.dayIndex(of: t)
        let later = Array((day + 1)..<min(clock.days, day + 7))
        guard !later.isEmpty else { return }
        let returns = signsUp ? min(later.count, rng.weighted([40, 35, 25]) + 1) : (rng.chance(0.25) ? 1 : 0)
        persons[person].activeDays = [day] + pickDays(count: returns, of: later.count).map { later[$0] }
        for returnDay in persons[person].activeDays.dropFirst() {
            runSession(account: account, start: sessionStart(day: returnDay), entry: .organic, allowSignup: false)
        }
    }

    /// Joiners arrive 5 minutes to 6 hours after a `group_buy_start`; a group that fills up succeeds,
    /// and then the starter (60%) and joiners (35%) pay at a group price.
    mutating func settleGroupBuys() {
        for group in groups {
            let platform = accounts[group.account].platform
            let wanted = rng.weighted([50, 35, 15]) + 1
            let times = (0..<wanted).map { _ in
                group.utcMs + Int64(rng.int(in: 300...21_600)) * 1000 + Int64(rng.below(1000))
            }.sorted()
            let productID = JSONValue.string(catalog.productIDs[group.product])
            var members = [accounts[group.account].person]
            var joiners: [(account: Int, at: Int64)] = []
            for at in times {
                guard let joiner = pickAudience(on: platform, excluding: members, loggedInAt: at),
                      put("group_buy_join", joiner, at: at, [("group_id", .string(group.groupID)), ("product_id", productID)])
                else { continue }
                members.append(accounts[joiner].person)
                joiners.append((joiner, at))
            }
            // A group one or two short is sometimes filled by the system (robot joins).
            let missing = group.size - 1 - joiners.count
            if (1...2).contains(missing), group.size >= 3, rng.chance(0.4), let last = joiners.last ?? .some((group.account, group.utcMs)) {
                for k in 0..<missing {
                    let at = last.at + Int64(rng.int(in: 60...600) * (k + 1)) * 1000
                    if put("group_buy_join", group.account, at: at, [("group_id", .string(group.groupID)), ("product_id", productID),
                                                                       ("robot", .number("true"))]) {
                        joiners.append((group.account, at))
                    }
                }
            }
            guard let last = joiners.last, joiners.count >= group.size - 1 else { continue }
            let at = last.at + Int64(rng.int(in: 2...30)) * 1000 + Int64(rng.below(1000))
            guard put("group_buy_success", group.account, at: at, [("group_id", .string(group.groupID)), ("product_id", productID)])
            else { continue }
            let unitFen = max(990, catalog.prices[group.product] * 85 / 1000 * 10)
            if rng.chance(0.6) {
                placeOrder(group.account, at: at + gap(), product: group.product, unitFen: unitFen, groupID: group.groupID)
            }
            for joiner in joiners where joiner.account != group.account && rng.chance(0.35) {
                placeOrder(joiner.account, at: at + gap(), product: group.product, unitFen: unitFen, groupID: group.groupID)
            }
        }
    }

    /// Friends help a bargain over the next hours: mostly people already around, a third newcomers whose first
    /// event is the help. With 3–5 helpers (as the bargain needs) it succeeds and the initiator usually buys at the
    /// target price; a few helpers buy something themselves.
    mutating func settleBargains() {
        while settledBargains < bargains.count {
            let bargain = bargains[settledBargains]
            settledBargains += 1
            let platform = accounts[bargain.account].platform
            let needed = rng.int(in: 3...5)
            let count = rng.weighted([15, 20, 20, 20, 15, 10])
            let productID = JSONValue.string(catalog.productIDs[bargain.product])
            var helpers: [Int] = []
            var excluded = [accounts[bargain.account].person]
            var last = bargain.utcMs
            for _ in 0..<count {
                let at = last + Int64(rng.int(in: 120...7200)) * 1000 + Int64(rng.below(1000))
                var helper: Int?
                if rng.chance(0.35), let newcomer = takeReferral() {
                    createAccounts(for: newcomer, preexisting: false, count: 1, first: platform)
                    helper = persons[newcomer].accounts[0]
                } else {
                    helper = pickAudience(on: platform, excluding: excluded, loggedInAt: at)
                }
                guard let helper, put("bargain_help", helper, at: at, [("bargain_id", .string(bargain.bargainID)), ("product_id", productID)])
                else { continue }
                excluded.append(accounts[helper].person)
                helpers.append(helper)
                last = at
            }
            for helper in helpers where rng.chance(0.12) {
                placeOrder(helper, at: last + gap() + 3_600_000, product: bargain.product)
            }
            guard helpers.count >= needed else { continue }
            let at = last + Int64(rng.int(in: 5...60)) * 1000
            guard put("bargain_success", bargain.account, at: at, [("bargain_id", .string(bargain.bargainID)), ("product_id", productID)])
            else { continue }
            if rng.chance(0.75) {
                placeOrder(bargain.account, at: at + gap(), product: bargain.product, unitFen: bargain.targetFen, bargainID: bargain.bargainID)
            }
        }
    }

    /// Campaign pushes at about 10:00 and 20:00 every day to opted-in, logged-in accounts, each with its own
    /// `push_id`. Fatigue: the open chance (6% at first) falls with every push the account has received, to a quarter
    /// of it after 18 pushes; and each push makes an unsubscribe (which ends the account's pushes) a little likelier.
    mutating func sendPushes() {
        var received = [Int](repeating: 0, count: accounts.count)
        for day in 0..<clock.days {
            let date = CivilDate.components(epochDay: clock.epochDay(ofDay: day))
            for (slot, hour, rate) in [("a", 10, 0.12), ("b", 20, 0.08)] {
                let campaign = "c-" + pad(date.month, 2) + pad(date.day, 2) + slot
                let base = clock.instant(day: day, secondOfDay: hour * 3600 + rng.below(1200))
                for account in accounts.indices where accounts[account].platform.pushable && accounts[account].pushOptIn {
                    guard rng.chance(rate) else { continue }
                    let at = base + Int64(rng.below(300_000))
                    let pushID = campaign + "-" + String(account)
                    guard accounts[account].isLoggedIn(at: at),
                          put("push_sent", account, at: at, [("campaign_id", .string(campaign)), ("push_id", .string(pushID))])
                    else { continue }
                    received[account] += 1
                    let fatigue = max(0.25, 1 - Double(received[account] - 1) / 24)
                    if rng.chance(0.06 * fatigue) {
                        let openAt = at + Int64(rng.int(in: 60...5400)) * 1000 + Int64(rng.below(1000))
                        runSession(account: account, start: openAt, entry: .push(campaign: campaign, pushID: pushID), allowSignup: false)
                    } else if rng.chance(0.003 * Double(received[account])) {
                        let offAt = at + Int64(rng.int(in: 600...7200)) * 1000
                        if put("unsubscribe", account, at: offAt, [("campaign_id", .string(campaign))]) {
                            accounts[account].pushOptIn = false
                        }
                    }
                }
            }
        }
    }

    /// Share opens of links never shared in the data, and a refund of an order placed before the window.
    mutating func addOrphans() {
        for _ in 0..<max(2, personCount / 1000) {
            let platforms = Platform.allCases.filter { !audience[$0.rawValue].isEmpty }
            guard !platforms.isEmpty,
                  let account = pickAudience(on: rng.element(of: platforms), excluding: []) else { break }
            let shareID = ids.share.next()
            orphanShareIDs.append(shareID)
            runSession(account: account, start: sessionStart(day: rng.below(clock.days)), entry: .shareLink(shareID),
                       allowSignup: false, allowSocial: false)
        }
        if let account = accounts.indices.first(where: { accounts[$0].preexisting }) {
            let orderID = ids.order.next()
            let at = clock.instant(day: 0, secondOfDay: 10 * 3600 + rng.below(7200), millis: rng.below(1000))
            if put("refund", account, at: at, [
                ("order_id", .string(orderID)), ("amount", .string("59.00")), ("currency", .string("CNY")),
                ("reason", .string("return")),
            ]) {
                orphanRefundOrderID = orderID
            }
        }
    }
}
