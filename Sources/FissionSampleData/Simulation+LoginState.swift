extension Simulation {
    /// Sorts events by time and fills `user_id`, `anonymous_id` and `union_id` as each account's login
    /// state evolves: only the device id before `signup`, both on the signup, then the user id (often
    /// with the device id). An account's first logged-in event carries both ids and the union id, so
    /// every used account can be linked. `push_sent` is server-side: user id only.
    mutating func resolveIdentities() {
        events.sort { $0.utcMs != $1.utcMs ? $0.utcMs < $1.utcMs : $0.seq < $1.seq }
        var loggedIn = accounts.map(\.preexisting)
        var seenLoggedIn = [Bool](repeating: false, count: accounts.count)
        var rng = SplitMix64(seed: seed, stream: 3)
        var kept: [SimEvent] = []
        kept.reserveCapacity(events.count)
        for var event in events {
            let index = event.account
            let account = accounts[index]
            let unionID = persons[account.person].unionID
            switch event.name {
            case "signup":
                loggedIn[index] = true
                seenLoggedIn[index] = true
                event.userID = account.userID
                event.anonymousID = account.deviceID
                event.unionID = unionID
            case "push_sent":
                guard loggedIn[index] else { continue }
                event.userID = account.userID
                event.unionID = rng.chance(account.platform.unionRate / 2) ? unionID : nil
            default:
                guard loggedIn[index] else {
                    event.anonymousID = account.deviceID
                    break
                }
                let first = !seenLoggedIn[index]
                seenLoggedIn[index] = true
                event.userID = account.userID
                if first || rng.chance(account.platform.anonymousAlongsideRate) { event.anonymousID = account.deviceID }
                if first || rng.chance(account.platform.unionRate) { event.unionID = unionID }
            }
            kept.append(event)
        }
        events = kept
    }
}
