import FissionClean
import FissionModel
import FissionTestSupport
import Testing

struct IdentityResolverTests {
    /// Person key of each event, in input order.
    func personKeys(_ events: [Event], options: IdentityOptions = IdentityOptions()) -> [String] {
        let ids = IdentityResolver.resolve(events, options: options)
        return events.indices.map { ids.personKeys[Int(ids.person(ofEvent: $0))] }
    }

    @Test func chainOfUnionIDsIsOnePerson() {
        // A –U1– B –U2– C: A and C never share a key, but are one person through B.
        let events = [
            Fixtures.event("1", "app_open", "2025-06-01T00:00:00Z", platform: "wechat", user: "a", union: "U1"),
            Fixtures.event("2", "app_open", "2025-06-01T00:00:00Z", platform: "douyin", user: "b", union: "U1"),
            Fixtures.event("3", "app_open", "2025-06-02T00:00:00Z", platform: "douyin", user: "b", union: "U2"),
            Fixtures.event("4", "app_open", "2025-06-03T00:00:00Z", platform: "app", user: "c", union: "U2"),
            Fixtures.event("5", "app_open", "2025-06-03T00:00:00Z", platform: "app", user: "d"),
        ]
        let keys = personKeys(events)
        #expect(keys == Array(repeating: "app:user:c", count: 4) + ["app:user:d"])
        #expect(IdentityResolver.resolve(events).personKeys == ["app:user:c", "app:user:d"])
    }

    @Test func anonymousEventsBeforeLoginJoinTheAccount() {
        let events = [
            Fixtures.event("1", "page_view", "2025-06-01T00:00:00Z", platform: "web", anon: "d1"),
            Fixtures.event("2", "signup", "2025-06-01T00:05:00Z", platform: "web", user: "u1", anon: "d1"),
            Fixtures.event("3", "page_view", "2025-06-02T00:00:00Z", platform: "web", anon: "d1"),
            // the same device id on another platform is another account
            Fixtures.event("4", "page_view", "2025-06-02T00:00:00Z", platform: "app", anon: "d1"),
        ]
        #expect(personKeys(events) == ["web:user:u1", "web:user:u1", "web:user:u1", "app:anon:d1"])
    }

    @Test func sharedDeviceGoesToTheEarliestLogin() {
        let events = [
            Fixtures.event("1", "page_view", "2025-06-01T10:00:00Z", platform: "web", user: "later", anon: "d9"),
            Fixtures.event("2", "page_view", "2025-06-01T09:00:00Z", platform: "web", user: "earlier", anon: "d9"),
            Fixtures.event("3", "page_view", "2025-06-01T11:00:00Z", platform: "web", anon: "d9"),
        ]
        #expect(personKeys(events) == ["web:user:later", "web:user:earlier", "web:user:earlier"])
    }

    /// Two logins of one device at the same millisecond: the one with the smaller event_id owns the device, in
    /// either input order.
    @Test func simultaneousLoginsGoToTheSmallerEventID() {
        let events = [
            Fixtures.event("b-login", "signup", "2025-06-01T10:00:00Z", platform: "web", user: "zed", anon: "d9"),
            Fixtures.event("a-login", "signup", "2025-06-01T10:00:00Z", platform: "web", user: "amy", anon: "d9"),
            Fixtures.event("c", "page_view", "2025-06-01T11:00:00Z", platform: "web", anon: "d9"),
        ]
        #expect(personKeys(events) == ["web:user:zed", "web:user:amy", "web:user:amy"])
        #expect(personKeys(events.reversed()) == ["web:user:amy", "web:user:amy", "web:user:zed"])
    }

    @Test func placeholderAndOverusedUnionIDsDoNotMerge() {
        var events = [
            Fixtures.event("1", "app_open", "2025-06-01T00:00:00Z", platform: "wechat", user: "a", union: "null"),
            Fixtures.event("2", "app_open", "2025-06-01T00:00:00Z", platform: "douyin", user: "b", union: "NULL"),
        ]
        for i in 0..<4 {
            events.append(Fixtures.event("x\(i)", "app_open", "2025-06-01T00:00:00Z", platform: "web", user: "w\(i)", union: "U-hot"))
        }
        let ids = IdentityResolver.resolve(events, options: IdentityOptions(maxAccountsPerUnionID: 3))
        #expect(ids.personKeys.count == 6)
        #expect(ids.suspiciousKeys.map(\.key) == ["NULL", "U-hot", "null"])
        #expect(ids.suspiciousKeys.map(\.reason) == [.placeholder, .tooManyAccounts, .placeholder])
        #expect(ids.suspiciousKeys[1].accounts == 4)
    }

    @Test func resultDoesNotDependOnInputOrder() {
        let events = [
            Fixtures.event("1", "app_open", "2025-06-01T00:00:00Z", platform: "wechat", user: "z", union: "U1"),
            Fixtures.event("2", "app_open", "2025-06-01T00:00:00Z", platform: "alipay", user: "y", union: "U1"),
            Fixtures.event("3", "app_open", "2025-06-01T00:00:00Z", platform: "web", user: "x"),
        ]
        let forward = IdentityResolver.resolve(events)
        let backward = IdentityResolver.resolve(events.reversed())
        #expect(forward.personKeys == backward.personKeys)
        #expect(forward.accounts == backward.accounts)
        #expect(forward.accountPerson == backward.accountPerson)
    }

    @Test func keysChainingIntoAnOversizedPersonAreAllIgnored() {
        // a –U1– b –U2– c –U3– d is 4 accounts, over the cap of 3: U1, U2 and U3 are ignored.
        // e –U9– f stays linked.
        let events = [
            Fixtures.event("1", "app_open", "2025-06-01T00:00:00Z", platform: "app", user: "a", union: "U1"),
            Fixtures.event("2", "app_open", "2025-06-01T00:00:00Z", platform: "app", user: "b", union: "U1"),
            Fixtures.event("3", "app_open", "2025-06-01T00:00:00Z", platform: "app", user: "b", union: "U2"),
            Fixtures.event("4", "app_open", "2025-06-01T00:00:00Z", platform: "app", user: "c", union: "U2"),
            Fixtures.event("5", "app_open", "2025-06-01T00:00:00Z", platform: "app", user: "c", union: "U3"),
            Fixtures.event("6", "app_open", "2025-06-01T00:00:00Z", platform: "app", user: "d", union: "U3"),
            Fixtures.event("7", "app_open", "2025-06-01T00:00:00Z", platform: "app", user: "e", union: "U9"),
            Fixtures.event("8", "app_open", "2025-06-01T00:00:00Z", platform: "web", user: "f", union: "U9"),
        ]
        let ids = IdentityResolver.resolve(events, options: IdentityOptions(maxAccountsPerPerson: 3))
        #expect(ids.personKeys == ["app:user:a", "app:user:b", "app:user:c", "app:user:d", "app:user:e"])
        #expect(ids.suspiciousKeys.map(\.key) == ["U1", "U2", "U3"])
        #expect(ids.suspiciousKeys.allSatisfy { $0.reason == .componentTooLarge && $0.accounts == 2 && $0.events == 2 })
        // Within the cap, the same chain is one person.
        #expect(IdentityResolver.resolve(events, options: IdentityOptions(maxAccountsPerPerson: 4)).personKeys == ["app:user:a", "app:user:e"])
    }

    @Test func personKeysAreUnambiguous() {
        // Without escaping, both accounts would be written "a:user:b:user:c" and merged into one person.
        let events = [
            Fixtures.event("1", "app_open", "2025-06-01T00:00:00Z", platform: "a:user:b", user: "c"),
            Fixtures.event("2", "app_open", "2025-06-01T00:00:00Z", platform: "a", user: "b:user:c"),
        ]
        #expect(IdentityResolver.resolve(events).personKeys == ["a%3Auser%3Ab:user:c", "a:user:b:user:c"])
    }

    /// One `anonymous_id` logged in as 4 users on one platform, over a cap of 3: its anonymous-only events stay on
    /// the anonymous account (none is credited to the first login, u0), and the device is listed. A device logged in
    /// as 3 users still credits its anonymous events to the first login.
    @Test func deviceLoggedInAsTooManyUsersKeepsItsAnonymousEvents() {
        var events = (0..<4).map { Fixtures.event("l\($0)", "login", "2025-06-01T0\($0):00:00Z", platform: "app", user: "u\($0)", anon: "kiosk") }
        events += (0..<3).map { Fixtures.event("m\($0)", "login", "2025-06-01T0\($0):00:00Z", platform: "app", user: "v\($0)", anon: "shared") }
        events += [
            Fixtures.event("a1", "page_view", "2025-06-02T00:00:00Z", platform: "app", anon: "kiosk"),
            Fixtures.event("a2", "page_view", "2025-06-02T00:00:00Z", platform: "app", anon: "kiosk"),
            Fixtures.event("a3", "page_view", "2025-06-02T00:00:00Z", platform: "app", anon: "shared"),
        ]
        let ids = IdentityResolver.resolve(events, options: IdentityOptions(maxAccountsPerDevice: 3))
        let account = { (i: Int) in ids.accounts[Int(ids.eventAccount[i])].description }
        #expect(account(7) == "app:anon:kiosk" && account(8) == "app:anon:kiosk")
        #expect(account(9) == "app:user:v0")
        #expect(ids.suspiciousKeys == [SuspiciousIdentityKey(keyType: .anonymousID, platform: "app", key: "kiosk",
                                                             reason: .tooManyAccounts, accounts: 4, events: 6)])
    }

    /// The reproducer, scaled: a chain of 20,000 union_id links (each joining two neighbouring accounts) is
    /// one oversized component; all its keys are dropped. This was quadratic in the number of keys (18 s at 100 k);
    /// `scripts/attack` times the 100 k chain on the release binary.
    @Test func longUnionChainIsDroppedInNearLinearTime() {
        let n = 20_000
        let events = (0..<n).flatMap { k in
            [Fixtures.event("a\(k)", "app_open", "2025-06-01T00:00:00Z", platform: "app", user: "u\(k)", union: "L\(k)"),
             Fixtures.event("b\(k)", "app_open", "2025-06-01T00:00:00Z", platform: "app", user: "u\(k + 1)", union: "L\(k)")]
        }
        let ids = IdentityResolver.resolve(events)
        #expect(ids.personKeys.count == n + 1)
        #expect(ids.suspiciousKeys.count == n)
        #expect(ids.suspiciousKeys.allSatisfy { $0.reason == .componentTooLarge })
    }
}
