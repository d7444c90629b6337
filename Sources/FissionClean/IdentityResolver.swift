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
///    same platform (earliest event carrying both; ties by input order), else to the anonymous account itself.
/// 3. Accounts that share a `union_id` are one person (connected components), unless the key is a placeholder,
///    links more than `maxAccountsPerUnionID` accounts, or chains into a person of more than `maxAccountsPerPerson`
///    accounts (then every key of that component is ignored).
public enum IdentityResolver {
    public static func resolve(_ events: [Event], options: IdentityOptions = IdentityOptions()) -> Identities {
        struct DeviceKey: Hashable { var platform: String; var anonymousID: String }
        var login: [DeviceKey: (user: String, time: Timestamp, ordinal: Int)] = [:]
        for (ordinal, e) in events.enumerated() {
            guard let user = e.userID, let anon = e.anonymousID else { continue }
            let key = DeviceKey(platform: e.platform, anonymousID: anon)
            if let existing = login[key], (existing.time, existing.ordinal) <= (e.time, ordinal) { continue }
            login[key] = (user, e.time, ordinal)
        }

        var eventAccountKeys: [AccountKey] = []
        eventAccountKeys.reserveCapacity(events.count)
        for e in events {
            if let user = e.userID {
                eventAccountKeys.append(AccountKey(platform: e.platform, kind: .user, id: user))
            } else if let anon = e.anonymousID, let owner = login[DeviceKey(platform: e.platform, anonymousID: anon)] {
                eventAccountKeys.append(AccountKey(platform: e.platform, kind: .user, id: owner.user))
            } else {
                eventAccountKeys.append(AccountKey(platform: e.platform, kind: .anonymous, id: e.anonymousID ?? ""))
            }
        }
        let accounts = Array(Set(eventAccountKeys)).sorted()
        var accountIndex: [AccountKey: Int32] = [:]
        accountIndex.reserveCapacity(accounts.count)
        for (i, a) in accounts.enumerated() { accountIndex[a] = Int32(i) }
        let eventAccount = eventAccountKeys.map { accountIndex[$0]! }

        // union_id → accounts carrying it
        var linked: [String: (accounts: Set<Int32>, events: Int)] = [:]
        for (i, e) in events.enumerated() {
            guard let union = e.unionID else { continue }
            linked[union, default: ([], 0)].accounts.insert(eventAccount[i])
            linked[union, default: ([], 0)].events += 1
        }
        var suspicious: [SuspiciousIdentityKey] = []
        var usable: [(union: String, accounts: Set<Int32>, events: Int)] = []
        for (union, link) in linked.sorted(by: { $0.key < $1.key }) {
            let normalized = union.trimmingCharacters(in: " ").lowercased()
            if options.placeholderUnionIDs.contains(normalized) {
                suspicious.append(SuspiciousIdentityKey(unionID: union, reason: .placeholder, accounts: link.accounts.count, events: link.events))
            } else if link.accounts.count > options.maxAccountsPerUnionID {
                suspicious.append(SuspiciousIdentityKey(unionID: union, reason: .tooManyAccounts, accounts: link.accounts.count, events: link.events))
            } else {
                usable.append((union, link.accounts, link.events))
            }
        }
        var sets = link(usable.map(\.accounts), accountCount: accounts.count)
        // Keys that chain into an implausibly large person are all dropped, and the rest linked again.
        var componentSize: [Int32: Int] = [:]
        for i in accounts.indices { componentSize[sets.find(Int32(i)), default: 0] += 1 }
        if componentSize.values.contains(where: { $0 > options.maxAccountsPerPerson }) {
            var kept: [Set<Int32>] = []
            for key in usable {
                let size = componentSize[sets.find(key.accounts.first!)]!
                if size > options.maxAccountsPerPerson {
                    suspicious.append(SuspiciousIdentityKey(unionID: key.union, reason: .componentTooLarge, accounts: key.accounts.count, events: key.events))
                } else {
                    kept.append(key.accounts)
                }
            }
            suspicious.sort { $0.unionID < $1.unionID }
            sets = link(kept, accountCount: accounts.count)
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
