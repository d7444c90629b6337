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

    public init(accounts: [AccountKey], accountPerson: [Int32], personKeys: [String], eventAccount: [Int32],
                suspiciousKeys: [SuspiciousIdentityKey]) {
        self.accounts = accounts
        self.accountPerson = accountPerson
        self.personKeys = personKeys
        self.eventAccount = eventAccount
        self.suspiciousKeys = suspiciousKeys
    }

    public func person(ofEvent i: Int) -> Int32 { accountPerson[Int(eventAccount[i])] }
}

/// Stitches events into persons.
///
/// 1. An event with `user_id` belongs to account `(platform, user_id)`.
/// 2. An event with only `anonymous_id` belongs to the account that anonymous_id was first seen logged in as on the
///    same platform (earliest event carrying both, in content order), else to the anonymous account itself. A device
///    seen logged in as more than `maxAccountsPerDevice` user_ids keeps its anonymous events on its anonymous account
///    (listed as suspicious).
/// 3. Accounts that share a `union_id` are one person (connected components), unless the key is a placeholder,
///    links more than `maxAccountsPerUnionID` accounts, or chains into a person of more than `maxAccountsPerPerson`
///    accounts (then every key of that component is ignored).
public enum IdentityResolver {
    public static func resolve(_ events: [Event], options: IdentityOptions = IdentityOptions()) -> Identities {
        resolve(EventBatch(events), options: options)
    }

    public static func resolve(_ batch: EventBatch, options: IdentityOptions = IdentityOptions()) -> Identities {
        let (accounts, eventAccount, crowdedDevices) = assignAccounts(batch, maxAccountsPerDevice: options.maxAccountsPerDevice)
        var (usable, suspicious) = screenUnionIDs(batch, eventAccount: eventAccount, options: options)
        var sets = link(usable.map(\.accounts), accountCount: accounts.count)

        // Keys that chain into an implausibly large person are all dropped, and the rest linked again.
        var componentSize = [Int](repeating: 0, count: accounts.count)  // by root
        for i in accounts.indices { componentSize[Int(sets.find(Int32(i)))] += 1 }
        if componentSize.contains(where: { $0 > options.maxAccountsPerPerson }) {
            let oversized = usable.filter { componentSize[Int(sets.find($0.accounts.first!))] > options.maxAccountsPerPerson }
            suspicious += oversized.map {
                SuspiciousIdentityKey(key: $0.union, reason: .componentTooLarge, accounts: $0.accounts.count, events: $0.events)
            }
            suspicious.sort { $0.key < $1.key }
            let dropped = Set(oversized.map(\.union))
            usable.removeAll { dropped.contains($0.union) }
            sets = link(usable.map(\.accounts), accountCount: accounts.count)
        }
        suspicious += crowdedDevices

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

    /// Two 32-bit symbol indexes as one hashable key.
    private static func pair(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }

    /// Rules 1 and 2: each event's account (sorted account list, and each event's index into it), and the devices
    /// logged in as too many accounts. Keys are symbol pairs, so each event costs one integer hash; only the distinct
    /// accounts are compared as text, to sort them.
    static func assignAccounts(_ b: EventBatch, maxAccountsPerDevice: Int = IdentityOptions().maxAccountsPerDevice)
        -> (accounts: [AccountKey], eventAccount: [Int32], crowdedDevices: [SuspiciousIdentityKey]) {
        var login: [UInt64: Int] = [:]  // (platform, anonymous_id) → the device's first login event
        var deviceUsers: Set<DeviceUser> = []
        var usersPerDevice: [UInt64: Int] = [:]
        for i in b.indices where b.users[i] != EventBatch.none && b.anonymousIDs[i] != EventBatch.none {
            let key = pair(b.platforms[i].index, b.anonymousIDs[i])
            if deviceUsers.insert(DeviceUser(device: key, user: b.users[i])).inserted { usersPerDevice[key, default: 0] += 1 }
            if let existing = login[key], !b.contentPrecedes(i, existing) { continue }
            login[key] = i
        }
        var crowded: [UInt64: (accounts: Int, events: Int)] = [:]
        for (device, users) in usersPerDevice where users > maxAccountsPerDevice {
            login[device] = nil
            crowded[device] = (users, 0)
        }
        if !crowded.isEmpty {
            for i in b.indices where b.anonymousIDs[i] != EventBatch.none {
                let key = pair(b.platforms[i].index, b.anonymousIDs[i])
                if crowded[key] != nil { crowded[key]!.events += 1 }
            }
        }
        let crowdedDevices = crowded.map { device, c in
            SuspiciousIdentityKey(keyType: .anonymousID, platform: b.symbols[Symbol(Int32(truncatingIfNeeded: device >> 32))],
                                  key: b.symbols[Symbol(Int32(truncatingIfNeeded: device & 0xFFFF_FFFF))],
                                  reason: .tooManyAccounts, accounts: c.accounts, events: c.events)
        }.sorted { ($0.platform, $0.key) < ($1.platform, $1.key) }
        // Accounts are numbered in first-seen order, then renumbered in sorted order. Anonymous ids are marked by a
        // negative id (−2 − symbol), so they cannot meet a user id.
        var provisional: [UInt64: Int32] = [:]
        var seen: [(platform: Int32, id: Int32)] = []
        let eventAccount: [Int32] = b.indices.map { i in
            let platform = b.platforms[i].index
            var id: Int32
            if b.users[i] != EventBatch.none {
                id = b.users[i]
            } else if b.anonymousIDs[i] != EventBatch.none, let owner = login[pair(platform, b.anonymousIDs[i])] {
                id = b.users[owner]
            } else {
                id = -2 - b.anonymousIDs[i]
            }
            let key = pair(platform, id)
            if let n = provisional[key] { return n }
            provisional[key] = Int32(seen.count)
            seen.append((platform, id))
            return Int32(seen.count - 1)
        }
        let keys = seen.map { account in
            account.id >= 0
                ? AccountKey(platform: b.symbols[Symbol(account.platform)], kind: .user, id: b.symbols[Symbol(account.id)])
                : AccountKey(platform: b.symbols[Symbol(account.platform)], kind: .anonymous, id: b.text(-2 - account.id) ?? "")
        }
        let sortedOrder = keys.indices.sorted { keys[$0] < keys[$1] }
        var renumber = [Int32](repeating: 0, count: keys.count)
        for (rank, old) in sortedOrder.enumerated() { renumber[old] = Int32(rank) }
        return (sortedOrder.map { keys[$0] }, eventAccount.map { renumber[Int($0)] }, crowdedDevices)
    }

    /// A user id seen logged in on a device.
    private struct DeviceUser: Hashable {
        var device: UInt64
        var user: Int32
    }

    /// Each `union_id` with the accounts and events carrying it, split into usable keys and suspicious ones
    /// (placeholders, or on too many accounts), both sorted by key.
    static func screenUnionIDs(_ b: EventBatch, eventAccount: [Int32], options: IdentityOptions)
        -> (usable: [(union: String, accounts: Set<Int32>, events: Int)], suspicious: [SuspiciousIdentityKey]) {
        var linked: [Int32: (accounts: Set<Int32>, events: Int)] = [:]
        for i in b.indices where b.unionIDs[i] != EventBatch.none {
            linked[b.unionIDs[i], default: ([], 0)].accounts.insert(eventAccount[i])
            linked[b.unionIDs[i], default: ([], 0)].events += 1
        }
        var usable: [(union: String, accounts: Set<Int32>, events: Int)] = []
        var suspicious: [SuspiciousIdentityKey] = []
        for (union, link) in linked.map({ (b.symbols[Symbol($0.key)], $0.value) }).sorted(by: { $0.0 < $1.0 }) {
            let reason: SuspiciousIdentityKey.Reason? =
                options.placeholderUnionIDs.contains(union.trimmingCharacters(in: " ").lowercased()) ? .placeholder
                : link.accounts.count > options.maxAccountsPerUnionID ? .tooManyAccounts : nil
            if let reason {
                suspicious.append(SuspiciousIdentityKey(key: union, reason: reason, accounts: link.accounts.count, events: link.events))
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
