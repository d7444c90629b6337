extension Simulation {
    /// Creates everyone: a power-law number of active days, 1–3 platform accounts, some sharers and buyers.
    /// About 15% are referral people who first arrive through a share link.
    mutating func buildPopulation() {
        let days = clock.days
        let dayCountWeights = (1...days).map { 3_600_000 / ($0 * $0) }
        for index in 0..<personCount {
            let referral = personCount >= 10 && rng.chance(0.15)
            let loyal = !referral && rng.chance(0.015)
            var activeDays: [Int]
            if loyal {
                activeDays = (0..<days).filter { _ in rng.chance(0.85) }
                if activeDays.isEmpty { activeDays = [rng.below(days)] }
            } else {
                activeDays = pickDays(count: rng.weighted(dayCountWeights) + 1, of: days)
            }
            let person = Person(
                origin: referral ? .referral : .organic, activeDays: activeDays, loyal: loyal,
                shareRate: rng.chance(0.18) ? 0.2 : 0.012,
                buyBoost: [0.5, 1.0, 2.5][rng.weighted([50, 35, 15])]
            )
            persons.append(person)
            if referral {
                referralQueue.append(index)
            } else {
                createAccounts(for: index, preexisting: rng.chance(0.6))
            }
        }
        pickSharedDevice()
    }

    /// `count` distinct days of `0..<days`, ascending (partial Fisher–Yates).
    mutating func pickDays(count: Int, of days: Int) -> [Int] {
        var pool = Array(0..<days)
        for i in 0..<min(count, days) {
            pool.swapAt(i, i + rng.below(days - i))
        }
        return pool.prefix(min(count, days)).sorted()
    }

    /// Gives a person 1–3 accounts (55% have several), the first on `first` if given.
    mutating func createAccounts(for person: Int, preexisting: Bool, count: Int? = nil, first: Platform? = nil) {
        let count = count ?? rng.weighted([45, 38, 17]) + 1
        var weights = Platform.allCases.map(\.popularity)
        var platforms: [Platform] = []
        if let first {
            platforms.append(first)
            weights[first.rawValue] = 0
        }
        while platforms.count < count {
            let platform = Platform(rawValue: rng.weighted(weights))!
            platforms.append(platform)
            weights[platform.rawValue] = 0
        }
        for platform in platforms {
            let account = Account(
                person: person, platform: platform, userID: ids.user(on: platform), deviceID: ids.device.next(),
                preexisting: preexisting, signupMs: nil, pushOptIn: rng.chance(platform == .app ? 0.7 : 0.3)
            )
            persons[person].accounts.append(accounts.count)
            audience[platform.rawValue].append(accounts.count)
            accounts.append(account)
        }
        if count > 1 || (platforms[0] == .wechat && rng.chance(0.4)) {
            persons[person].unionID = ids.union.next()
        }
    }

    /// One phone, two users: the first two regular app users (active on 2+ days) get the same device id.
    mutating func pickSharedDevice() {
        let candidates = persons.indices.filter { index in
            let person = persons[index]
            guard person.origin == .organic, person.activeDays.count >= 2, let primary = person.accounts.first else {
                return false
            }
            return accounts[primary].platform == .app
        }
        guard candidates.count >= 2 else { return }
        let first = persons[candidates[0]].accounts[0]
        let second = persons[candidates[1]].accounts[0]
        accounts[second].deviceID = accounts[first].deviceID
        sharedDevice = (first, second)
    }

    /// Organic visits turn unreached referral people into ordinary visitors, so everyone appears.
    mutating func activateUnreachedReferrals() {
        while nextReferral < referralQueue.count {
            let person = referralQueue[nextReferral]
            nextReferral += 1
            createAccounts(for: person, preexisting: false)
            runOrganicVisits(of: person)
        }
    }

    /// The next referral person not yet reached by a link.
    mutating func takeReferral() -> Int? {
        guard nextReferral < referralQueue.count else { return nil }
        defer { nextReferral += 1 }
        return referralQueue[nextReferral]
    }
}
