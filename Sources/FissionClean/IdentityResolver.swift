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
/// 3. Accounts that share a `union_id` are one person (connected components), unless the key is a placeholder or
///    links more than `maxAccountsPerUnionID` accounts.
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
        var sets = UnionFind(count: accounts.count)
        var suspicious: [SuspiciousIdentityKey] = []
        for (union, link) in linked.sorted(by: { $0.key < $1.key }) {
            let normalized = union.trimmingCharacters(in: " ").lowercased()
            if options.placeholderUnionIDs.contains(normalized) {
                suspicious.append(SuspiciousIdentityKey(unionID: union, reason: .placeholder, accounts: link.accounts.count, events: link.events))
            } else if link.accounts.count > options.maxAccountsPerUnionID {
                suspicious.append(SuspiciousIdentityKey(unionID: union, reason: .tooManyAccounts, accounts: link.accounts.count, events: link.events))
            } else if let first = link.accounts.min() {
                for a in link.accounts { sets.union(first, a) }
            }
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

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
