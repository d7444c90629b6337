extension Simulation {
    static let pages = ["/home", "/category", "/search", "/cart", "/me", "/activity/618", "/live"]
    static let searchWords = ["防晒", "连衣裙", "咖啡", "sneakers", "面膜", "phone case"]
    static let couponNames = ["满100减10", "新人券 5元", "618 大促券"]

    /// Visits on each active day: 1–3 sessions (1–4 for loyal people); on one of the days at least one
    /// per account, so people with several accounts really use them (seen on Douyin, bought in the app).
    mutating func runOrganicVisits(of person: Int) {
        let busyDay = rng.below(persons[person].activeDays.count)
        for (index, day) in persons[person].activeDays.enumerated() {
            var count = persons[person].loyal ? rng.weighted([30, 35, 20, 15]) + 1 : rng.weighted([76, 17, 7]) + 1
            if index == busyDay { count = max(count, persons[person].accounts.count) }
            let starts = (0..<count).map { _ in sessionStart(day: day) }.sorted()
            for start in starts {
                runSession(account: chooseAccount(of: person), start: start, entry: .organic, allowSignup: true)
            }
        }
    }

    /// Each account in turn for a person's first visits, then mostly the primary one.
    mutating func chooseAccount(of person: Int) -> Int {
        let owned = persons[person].accounts
        let visits = persons[person].visits
        persons[person].visits += 1
        if visits < owned.count { return owned[visits] }
        return owned.count == 1 || rng.chance(0.6) ? owned[0] : owned[1 + rng.below(owned.count - 1)]
    }

    /// One visit: entry event, anonymous browsing and signup for a new account, product and page views,
    /// now and then a cart and an order, a share or a group buy.
    mutating func runSession(
        account: Int, start: Int64, entry: SessionEntry, allowSignup: Bool, allowSocial: Bool = true
    ) {
        let platform = accounts[account].platform
        let person = accounts[account].person
        let fileDay = clock.dayIndex(of: start)
        var t = start
        var entryShareID: String?
        var buyFactor = persons[person].buyBoost

        switch entry {
        case .organic:
            if platform == .web {
                guard put("page_view", account, at: t, [("page", .string("/home"))], fileDay: fileDay) else { return }
            } else {
                let props: Props = platform == .wechat ? [("scene", .string(rng.chance(0.7) ? "1001" : "1089"))] : []
                guard put("app_open", account, at: t, props, fileDay: fileDay) else { return }
            }
        case .push(let campaign, let pushID):
            guard put("push_open", account, at: t, [("campaign_id", .string(campaign)), ("push_id", .string(pushID))], fileDay: fileDay)
            else { return }
            if platform == .app {
                t += 1000 + Int64(rng.below(2000))
                put("app_open", account, at: t, fileDay: fileDay)
            }
        case .shareLink(let shareID):
            // On WeChat the scene value says how the card was reached: chat, group, Moments or a poster's code.
            var props: Props = [("share_id", .string(shareID))]
            if platform == .wechat { props.append(("scene", .string(sceneOfShare(shareID)))) }
            guard put("share_open", account, at: t, props, fileDay: fileDay) else { return }
            entryShareID = shareID
            buyFactor *= 0.3
        }

        var lastProduct: Int?
        if allowSignup, !accounts[account].preexisting, accounts[account].signupMs == nil {
            for _ in 0..<rng.int(in: 1...2) {
                t += gap()
                lastProduct = browse(account, at: t, fileDay: fileDay) ?? lastProduct
            }
            t += gap()
            let method = platform == .wechat ? "wechat_phone" : ["phone", "phone", "password"][rng.below(3)]
            if put("signup", account, at: t, [("method", .string(method))], fileDay: fileDay) {
                accounts[account].signupMs = t
            }
        }

        for _ in 0..<(rng.weighted([30, 30, 20, 10, 6, 4]) + 1) {
            t += gap()
            lastProduct = browse(account, at: t, fileDay: fileDay) ?? lastProduct
        }
        if rng.chance(0.025) {
            t += gap()
            put("coupon_claim", account, at: t, [
                ("coupon_id", .string(ids.coupon.next())),
                ("coupon_name", .string(rng.element(of: Simulation.couponNames))),
            ], fileDay: fileDay)
        }
        if rng.chance(0.015) {
            t += gap()
            put("search", account, at: t, [("keyword", .string(rng.element(of: Simulation.searchWords)))], fileDay: fileDay)
        }
        guard let product = lastProduct else { return }

        if rng.chance(min(0.9, 0.26 * buyFactor)) {
            t += gap()
            let qty = catalog.prices[product] * 2 <= 29_900 && rng.chance(0.15) ? 2 : 1
            put("add_to_cart", account, at: t, [
                ("product_id", .string(catalog.productIDs[product])), ("qty", .number(String(qty))),
            ], fileDay: fileDay)
            t += gap()
            if accounts[account].isLoggedIn(at: t), rng.chance(min(0.9, 0.2 * buyFactor)) {
                let credited = entryShareID ?? creditedReferralShare(of: person, at: t)
                placeOrder(account, at: t, product: product, quantity: qty, shareID: credited, fileDay: fileDay)
            }
        }
        guard allowSocial else { return }
        if rng.chance(persons[person].shareRate) {
            t += gap()
            startShare(account, at: t, product: product, fileDay: fileDay)
        }
        if platform.hasGroupBuys, accounts[account].isLoggedIn(at: t), rng.chance(0.03) {
            t += gap()
            let group = GroupRecord(
                groupID: ids.group.next(), account: account, utcMs: t, product: product, size: [2, 3, 5][rng.weighted([55, 30, 15])]
            )
            if put("group_buy_start", account, at: t, [
                ("group_id", .string(group.groupID)), ("product_id", .string(catalog.productIDs[product])),
                ("group_size", .number(String(group.size))),
            ], fileDay: fileDay) {
                groups.append(group)
            }
        }
        if platform.hasGroupBuys, accounts[account].isLoggedIn(at: t), rng.chance(0.015) {
            t += gap()
            let bargain = BargainRecord(bargainID: "bg-" + ids.group.next(), account: account, utcMs: t, product: product,
                                        targetFen: max(100, catalog.prices[product] / 2 / 10 * 10))
            if put("bargain_start", account, at: t, [
                ("bargain_id", .string(bargain.bargainID)), ("product_id", .string(catalog.productIDs[product])),
                ("target_price", .string(Money.decimalString(bargain.targetFen))),
            ], fileDay: fileDay) {
                bargains.append(bargain)
            }
        }
    }

    /// The WeChat scene value of opening share `shareID`: 1007 single chat, 1008 group chat (1044 with a
    /// shareTicket), 1154 Moments, 1047 a poster's code.
    mutating func sceneOfShare(_ shareID: String) -> String {
        let channel = shareIndex[shareID].flatMap { shares[$0].channel }
        switch channel {
        case "group": return rng.chance(0.7) ? "1008" : "1044"
        case "moments": return "1154"
        case "poster": return "1047"
        default: return "1007"
        }
    }

    /// The promoter id an order names when it is credited to a promoter's share (the share the buyer came through,
    /// or that brought them in): promoters are half of the keen sharers, and their id is their primary account's
    /// user id.
    func promoterID(of shareID: String?) -> String? {
        guard let shareID, let index = shareIndex[shareID] else { return nil }
        let sharer = accounts[shares[index].account].person
        guard persons[sharer].shareRate >= 0.2, sharer % 2 == 0 else { return nil }
        return accounts[persons[sharer].accounts[0]].userID
    }

    /// A product view (returns the product) or a page view.
    mutating func browse(_ account: Int, at t: Int64, fileDay: Int) -> Int? {
        if rng.chance(0.62) {
            let product = catalog.draw(&rng)
            put("product_view", account, at: t, [("product_id", .string(catalog.productIDs[product]))], fileDay: fileDay)
            return product
        }
        put("page_view", account, at: t, [("page", .string(rng.element(of: Simulation.pages)))], fileDay: fileDay)
        return nil
    }

    /// The link that brought a referral person in, credited on their orders for a week.
    func creditedReferralShare(of person: Int, at t: Int64) -> String? {
        guard let shareID = persons[person].referralShareID, let since = persons[person].referralMs,
              t - since <= 7 * SimClock.dayMs else { return nil }
        return shareID
    }

    /// `amount` as the contract allows: mostly `"19.90"`, sometimes a JSON number (`19.9`, `20`).
    mutating func amountValue(_ fen: Int) -> JSONValue {
        rng.chance(0.9) ? .string(Money.decimalString(fen)) : .number(Money.jsonNumber(fen))
    }

    /// An `order_paid`, and for about 5.5% of orders a full or partial `refund` 1–5 days later.
    mutating func placeOrder(
        _ account: Int, at t: Int64, product: Int, quantity: Int = 1, unitFen: Int? = nil,
        shareID: String? = nil, groupID: String? = nil, bargainID: String? = nil, fileDay: Int? = nil
    ) {
        let fen = (unitFen ?? catalog.prices[product]) * quantity
        let orderID = ids.order.next()
        var props: Props = [
            ("order_id", .string(orderID)), ("amount", amountValue(fen)), ("currency", .string("CNY")),
            ("product_id", .string(catalog.productIDs[product])),
        ]
        if let shareID { props.append(("share_id", .string(shareID))) }
        if let groupID { props.append(("group_id", .string(groupID))) }
        if let bargainID { props.append(("bargain_id", .string(bargainID))) }
        if let promoter = promoterID(of: shareID ?? persons[accounts[account].person].referralShareID), rng.chance(0.8) {
            props.append(("promoter_id", .string(promoter)))
        }
        guard put("order_paid", account, at: t, props, fileDay: fileDay), rng.chance(0.055) else { return }
        let refundAt = t + Int64(rng.int(in: 20 * 3600...120 * 3600)) * 1000 + Int64(rng.below(1000))
        let refundFen = rng.chance(0.65) ? fen : max(100, fen * rng.int(in: 20...80) / 1000 * 10)
        put("refund", account, at: refundAt, [
            ("order_id", .string(orderID)), ("amount", amountValue(refundFen)), ("currency", .string("CNY")),
            ("reason", .string(refundFen == fen ? "return" : "partial_return")),
        ])
    }

    /// A `share` of a product, with a channel most of the time.
    mutating func startShare(_ account: Int, at t: Int64, product: Int, fileDay: Int) {
        let channels: [String?] = ["chat", "group", "moments", "poster", nil]
        let channel = channels[rng.weighted([45, 25, 12, 6, 12])]
        let share = ShareRecord(shareID: ids.share.next(), account: account, utcMs: t, channel: channel, product: product)
        var props: Props = [("share_id", .string(share.shareID))]
        if let channel { props.append(("channel", .string(channel))) }
        props.append(("product_id", .string(catalog.productIDs[product])))
        if put("share", account, at: t, props, fileDay: fileDay) {
            shareIndex[share.shareID] = shares.count
            shares.append(share)
        }
    }
}
