import FissionModel

/// The result of identity stitching: every event's account and person.
public struct Identities: Sendable, Equatable {
    /// All accounts, sorted.
    public var accounts: [AccountKey]
    /// Person index of each account, parallel to `accounts`.
    public var accountPerson: [Int32]
    /// Each person's key: the smallest of their accounts, as text. Sorted, so person indexes are deterministic.
    public var personKeys: [String]
    /// Account index of each input event, parallel to the input.
    public var eventAccount: [Int32]
    public var suspiciousKeys: [SuspiciousIdentityKey]

    public func person(ofEvent i: Int) -> Int32 { accountPerson[Int(eventAccount[i])] }
}

/// Stitches events into persons.
///
/// 1. An event with `user_id` belongs to account `(platform, user_id)`.
/// 2. An event with only `anonymous_id` belongs to the account that anonymous_id was first seen logged in as on the
///    same platform (earliest event carrying both, in content order), else to the anonymous account itself.
/// 3. Accounts that share a `union_id` are one person (connected components), unless the key is a placeholder,
///    links more than `maxAccountsPerUnionID` accounts, or chains into a person of more than `maxAccountsPerPerson`
///    accounts (then every key of that component is ignored).
public enum IdentityResolver {
    public static func resolve(_ events: [Event], options: IdentityOptions = IdentityOptions()) -> Identities {
        let (accounts, eventAccount) = assignAccounts(events)
        var (usable, suspicious) = screenUnionIDs(events, eventAccount: eventAccount, options: options)
        var sets = link(usable.map(\.accounts), accountCount: accounts.count)

        // Keys that chain into an implausibly large person are all dropped, and the rest linked again.
        var componentSize: [Int32: Int] = [:]
        for i in accounts.indices { componentSize[sets.find(Int32(i)), default: 0] += 1 }
        if componentSize.values.contains(where: { $0 > options.maxAccountsPerPerson }) {
            let oversized = usable.filter { componentSize[sets.find($0.accounts.first!)]! > options.maxAccountsPerPerson }
            suspicious += oversized.map {
                SuspiciousIdentityKey(unionID: $0.union, reason: .componentTooLarge, accounts: $0.accounts.count, events: $0.events)
            }
            suspicious.sort { $0.unionID < $1.unionID }
            usable.removeAll { key in oversized.contains { $0.union == key.union } }
            sets = link(usable.map(\.accounts), accountCount: accounts.count)
        }

        // Accounts are sorted, so the first account met for each root is the component's smallest.
        var rootKey: [Int32: String] = [:]
        for i in accounts.indices {
            let root = sets.find(Int32(i))
            if rootKey[root] == nil { rootKey[root] = accounts[i].description }
        }
        let personKeys = rootKey.values.sorted()
        var personIndex: [String: Int32] = [:]
        for (i, key) in personKeys.enumerated() { personIndex[key] = Int32(i) }
        let accountPerson = accounts.indices.map { personIndex[rootKey[sets.find(Int32($0))]!]! }

        return Identities(accounts: accounts, accountPerson: accountPerson, personKeys: personKeys,
                          eventAccount: eventAccount, suspiciousKeys: suspicious)
    }

    /// Rules 1 and 2: each event's account (sorted account list, and each event's index into it).
    static func assignAccounts(_ events: [Event]) -> (accounts: [AccountKey], eventAccount: [Int32]) {
        struct DeviceKey: Hashable { var platform: String; var anonymousID: String }
        var login: [DeviceKey: Int] = [:]
        for i in events.indices where events[i].userID != nil {
            guard let anon = events[i].anonymousID else { continue }
            let key = DeviceKey(platform: events[i].platform, anonymousID: anon)
            if let existing = login[key], !Event.contentPrecedes(events[i], events[existing]) { continue }
            login[key] = i
        }
        // One hash per event: accounts are numbered in first-seen order, then renumbered in sorted order.
        var provisional: [AccountKey: Int32] = [:]
        var seen: [AccountKey] = []
        let eventAccount: [Int32] = events.indices.map { i in
            let key: AccountKey
            let platform = events[i].platform
            if let user = events[i].userID {
                key = AccountKey(platform: platform, kind: .user, id: user)
            } else if let anon = events[i].anonymousID, let owner = login[DeviceKey(platform: platform, anonymousID: anon)] {
                key = AccountKey(platform: platform, kind: .user, id: events[owner].userID!)
            } else {
                key = AccountKey(platform: platform, kind: .anonymous, id: events[i].anonymousID ?? "")
            }
            if let n = provisional[key] { return n }
            provisional[key] = Int32(seen.count)
            seen.append(key)
            return Int32(seen.count - 1)
        }
        let sortedOrder = seen.indices.sorted { seen[$0] < seen[$1] }
        var renumber = [Int32](repeating: 0, count: seen.count)
        for (rank, old) in sortedOrder.enumerated() { renumber[old] = Int32(rank) }
        return (sortedOrder.map { seen[$0] }, eventAccount.map { renumber[Int($0)] })
    }

    /// Each `union_id` with the accounts and events carrying it, split into usable keys and suspicious ones
    /// (placeholders, or on too many accounts), both sorted by key.
    static func screenUnionIDs(_ events: [Event], eventAccount: [Int32], options: IdentityOptions)
        -> (usable: [(union: String, accounts: Set<Int32>, events: Int)], suspicious: [SuspiciousIdentityKey]) {
        var linked: [String: (accounts: Set<Int32>, events: Int)] = [:]
        for i in events.indices {
            guard let union = events[i].unionID else { continue }
            linked[union, default: ([], 0)].accounts.insert(eventAccount[i])
            linked[union, default: ([], 0)].events += 1
        }
        var usable: [(union: String, accounts: Set<Int32>, events: Int)] = []
        var suspicious: [SuspiciousIdentityKey] = []
        for (union, link) in linked.sorted(by: { $0.key < $1.key }) {
            let reason: SuspiciousIdentityKey.Reason? =
                options.placeholderUnionIDs.contains(union.trimmingCharacters(in: " ").lowercased()) ? .placeholder
                : link.accounts.count > options.maxAccountsPerUnionID ? .tooManyAccounts : nil
            if let reason {
                suspicious.append(SuspiciousIdentityKey(unionID: union, reason: reason, accounts: link.accounts.count, events: link.events))
            } else {
                usable.append((union, link.accounts, link.events))
            }
        }
        return (usable, suspicious)
    }
}

extension IdentityResolver {
    /// Unions the accounts that share each key.
    static func link(_ groups: [Set<Int32>], accountCount: Int) -> UnionFind {
        var sets = UnionFind(count: accountCount)
        for group in groups {
            guard let first = group.min() else { continue }
            for a in group { sets.union(first, a) }
        }
        return sets
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
