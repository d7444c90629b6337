/// Counts describing a generated data set, for tests and for tuning the simulation.
struct SampleReport {
    var eventCounts: [String: Int] = [:]
    var badLineCounts: [BadLineKind: Int] = [:]
    var personsSimulated = 0
    /// People with at least one event.
    var personsSeen = 0
    /// How many people were seen on 1, 2, … distinct local days.
    var activeDayHistogram: [Int] = []
    /// People with events on two or more platforms.
    var multiPlatformPersons = 0
    /// People whose `union_id` appears on two or more platforms (linkable across platforms).
    var unionLinkedPersons = 0
    /// Newcomers who first appeared through a share link, how many signed up, how many bought.
    var referralNewcomers = 0
    var referralSignups = 0
    var referralBuyers = 0
    /// Orders carrying a `share_id`.
    var shareCreditedOrders = 0
    var orphanShareOpens = 0
    /// Events written in another day's file than their own local date.
    var neighbourDayEvents = 0
    /// Events at 23:59:xx or 00:00:xx local time.
    var midnightEvents = 0
    var goodLines = 0
    var totalLines = 0
    var files = 0
    var multiMemberFiles = 0
    var uncompressedBytes = 0

    init() {}

    init(simulation: Simulation, layout: FileLayout, files: [SampleFile]) {
        personsSimulated = simulation.personCount
        var platformsByPerson = [Set<Int>](repeating: [], count: simulation.persons.count)
        var unionPlatformsByPerson = [Set<Int>](repeating: [], count: simulation.persons.count)
        var daysByPerson = [Set<Int>](repeating: [], count: simulation.persons.count)
        var buyers = Set<Int>()
        var signups = Set<Int>()
        let orphans = Set(simulation.orphanShareIDs)
        for event in simulation.events {
            eventCounts[event.name, default: 0] += 1
            let account = simulation.accounts[event.account]
            platformsByPerson[account.person].insert(account.platform.rawValue)
            if event.name != "push_sent" { daysByPerson[account.person].insert(simulation.clock.dayIndex(of: event.utcMs)) }
            if event.unionID != nil { unionPlatformsByPerson[account.person].insert(account.platform.rawValue) }
            if event.name == "order_paid" {
                buyers.insert(account.person)
                if event.props.contains(where: { $0.key == "share_id" }) { shareCreditedOrders += 1 }
            }
            if event.name == "signup" { signups.insert(account.person) }
            if event.name == "share_open", case .string(let id)? = event.props.first(where: { $0.key == "share_id" })?.value,
               orphans.contains(id) {
                orphanShareOpens += 1
            }
            let ms = simulation.clock.localMillisOfDay(event.utcMs)
            if ms >= 86_340_000 || ms < 60_000 { midnightEvents += 1 }
        }
        personsSeen = platformsByPerson.filter { !$0.isEmpty }.count
        activeDayHistogram = [Int](repeating: 0, count: simulation.clock.days)
        for days in daysByPerson where !days.isEmpty { activeDayHistogram[days.count - 1] += 1 }
        multiPlatformPersons = platformsByPerson.filter { $0.count >= 2 }.count
        unionLinkedPersons = unionPlatformsByPerson.filter { $0.count >= 2 }.count
        let newcomers = simulation.persons.indices.filter { simulation.persons[$0].referralShareID != nil }
        referralNewcomers = newcomers.count
        referralSignups = newcomers.filter { signups.contains($0) }.count
        referralBuyers = newcomers.filter { buyers.contains($0) }.count
        badLineCounts = layout.badLineCounts
        neighbourDayEvents = layout.neighbourDayEvents
        goodLines = layout.goodLines
        self.files = files.count
        multiMemberFiles = files.filter { $0.members.count > 1 }.count
        for file in files {
            for member in file.members {
                uncompressedBytes += member.count
                member.withUnsafeBufferPointer { buffer in
                    for byte in buffer where byte == UInt8(ascii: "\n") { totalLines += 1 }
                }
            }
        }
    }

    /// A readable summary, keys sorted.
    var summary: String {
        var lines = ["events by kind:"]
        for name in eventCounts.keys.sorted() { lines.append("  \(name): \(eventCounts[name]!)") }
        lines.append("bad lines by kind:")
        for kind in badLineCounts.keys.sorted() { lines.append("  \(kind.rawValue): \(badLineCounts[kind]!)") }
        lines += [
            "persons simulated: \(personsSimulated), seen: \(personsSeen)",
            "persons by active days (1, 2, …): \(activeDayHistogram)",
            "multi-platform persons: \(multiPlatformPersons), union-linked across platforms: \(unionLinkedPersons)",
            "referral newcomers: \(referralNewcomers), signed up: \(referralSignups), bought: \(referralBuyers)",
            "orders credited to a share: \(shareCreditedOrders), orphan share opens: \(orphanShareOpens)",
            "neighbour-day events: \(neighbourDayEvents), events at 23:59/00:00: \(midnightEvents)",
            "good lines: \(goodLines), total lines: \(totalLines), files: \(files), multi-member files: \(multiMemberFiles)",
            "uncompressed bytes: \(uncompressedBytes)",
        ]
        return lines.joined(separator: "\n")
    }
}
