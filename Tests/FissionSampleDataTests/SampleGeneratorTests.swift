import FissionSampleData
import Foundation
import Testing

/// A small data set, quick to generate and check.
private let smallSpec = SampleDataSpec(persons: 200, days: 5, seed: 11)

// MARK: - Independent line checks (the contract, not the generator's own bookkeeping)

/// How a consumer following the input contract sees a line.
private enum LineClass: Hashable, CaseIterable {
    case good, tooLong, invalidUTF8, blank, malformedJSON, notObject, missingField, badTimestamp, badAmount, duplicate
}

private struct Inspection {
    var counts: [LineClass: Int] = [:]
    /// Good lines, parsed, with the file they came from.
    var good: [(path: String, object: [String: Any])] = []
}

private let requiredProps: [String: [String]] = [
    "share": ["share_id"], "share_open": ["share_id"], "order_paid": ["order_id", "amount"],
    "refund": ["order_id", "amount"], "group_buy_start": ["group_id"], "group_buy_join": ["group_id"],
    "group_buy_success": ["group_id"], "product_view": ["product_id"], "add_to_cart": ["product_id"],
    "bargain_start": ["bargain_id"], "bargain_help": ["bargain_id"], "bargain_success": ["bargain_id"],
]

private func lines(of file: SampleFile) -> [[UInt8]] {
    file.members.flatMap { member in
        member.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map(Array.init)
    }
}

private func inspect(_ files: [SampleFile]) -> Inspection {
    var result = Inspection()
    var seen: [String: [UInt8]] = [:]
    for file in files {
        for line in lines(of: file) {
            let kind = classify(line, seen: &seen, into: &result, path: file.relativePath)
            result.counts[kind, default: 0] += 1
        }
    }
    return result
}

private func classify(_ line: [UInt8], seen: inout [String: [UInt8]], into result: inout Inspection, path: String) -> LineClass {
    if line.count > 1 << 20 { return .tooLong }
    let text = String(decoding: line, as: UTF8.self)
    guard Array(text.utf8) == line else { return .invalidUTF8 }
    if text.allSatisfy(\.isWhitespace) { return .blank }
    guard let parsed = try? JSONSerialization.jsonObject(with: Data(line)) else { return .malformedJSON }
    guard let object = parsed as? [String: Any] else { return .notObject }
    guard let eventID = object["event_id"] as? String, !eventID.isEmpty,
          let event = object["event"] as? String, !event.isEmpty,
          let ts = object["ts"], let platform = object["platform"] as? String, !platform.isEmpty,
          nonEmpty(object["user_id"]) || nonEmpty(object["anonymous_id"])
    else { return .missingField }
    let props = object["props"] as? [String: Any] ?? [:]
    for key in requiredProps[event] ?? [] where props[key] == nil { return .missingField }
    guard isValidTimestamp(ts) else { return .badTimestamp }
    if let amount = props["amount"], !isValidAmount(amount) { return .badAmount }
    if let earlier = seen[eventID] {
        #expect(earlier == line, "event_id \(eventID) reused by a different line")
        return .duplicate
    }
    seen[eventID] = line
    result.good.append((path, object))
    return .good
}

private func nonEmpty(_ value: Any?) -> Bool {
    (value as? String).map { !$0.isEmpty } ?? false
}

/// An integer of epoch milliseconds, or strict RFC 3339 with a `Z` or `±HH:MM` offset and a real calendar date.
private func isValidTimestamp(_ value: Any) -> Bool {
    if let number = value as? NSNumber, !(value is String) {
        return number.doubleValue == number.doubleValue.rounded()
    }
    guard let text = value as? String else { return false }
    let b = Array(text.utf8)
    func digits(_ range: Range<Int>) -> Int? {
        guard range.upperBound <= b.count else { return nil }
        var v = 0
        for byte in b[range] {
            guard (48...57).contains(byte) else { return nil }
            v = v * 10 + Int(byte - 48)
        }
        return v
    }
    guard b.count >= 20, b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58,
          let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10),
          let hour = digits(11..<13), let minute = digits(14..<16), let second = digits(17..<19),
          (1...12).contains(month), hour < 24, minute < 60, second < 60
    else { return false }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    guard (1...monthDays).contains(day) else { return false }
    var i = 19
    if b[i] == 46 {
        i += 1
        let start = i
        while i < b.count, (48...57).contains(b[i]) { i += 1 }
        guard i > start else { return false }
    }
    let rest = String(decoding: b[i...], as: UTF8.self)
    return rest == "Z" || (rest.count == 6 && (rest.hasPrefix("+") || rest.hasPrefix("-")) && digits((i + 1)..<(i + 3)) != nil
        && b[i + 3] == 58 && digits((i + 4)..<(i + 6)) != nil)
}

/// A non-negative decimal with at most two fraction digits, as a string or a JSON number.
private func isValidAmount(_ value: Any) -> Bool {
    if let text = value as? String {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy(\.isASCII), parts[0].allSatisfy(\.isNumber)
        else { return false }
        return parts.count == 1 || ((1...2).contains(parts[1].count) && parts[1].allSatisfy { $0.isASCII && $0.isNumber })
    }
    guard let number = value as? NSNumber else { return false }
    let cents = number.doubleValue * 100
    return number.doubleValue >= 0 && abs(cents - cents.rounded()) < 1e-6
}

private func string(_ object: [String: Any], _ key: String) -> String? {
    object[key] as? String
}

private func prop(_ object: [String: Any], _ key: String) -> String? {
    (object["props"] as? [String: Any])?[key] as? String
}

// MARK: - Tests

@Test func sameSpecGivesIdenticalBytes() {
    #expect(SampleGenerator.generate(smallSpec) == SampleGenerator.generate(smallSpec))
}

@Test func differentSeedGivesDifferentData() {
    var other = smallSpec
    other.seed += 1
    #expect(SampleGenerator.generate(smallSpec) != SampleGenerator.generate(other))
}

@Test func nothingToSimulateGivesNoFiles() {
    #expect(SampleGenerator.generate(SampleDataSpec(persons: 0)).isEmpty)
    #expect(SampleGenerator.generate(SampleDataSpec(days: 0)).isEmpty)
}

@Test func filesArePartitionedByDayAsWholeLines() throws {
    let files = SampleGenerator.generate(smallSpec)
    let days = Set(files.map { String($0.relativePath.prefix(14)) })
    #expect(days == ["day=2025-06-01", "day=2025-06-02", "day=2025-06-03", "day=2025-06-04", "day=2025-06-05"])
    for file in files {
        let path = file.relativePath
        #expect(path.hasPrefix("day=2025-06-0") && path.contains("/part-") && path.hasSuffix(".jsonl.gz"), "\(path)")
        #expect(!file.members.isEmpty)
        for member in file.members {
            #expect(member.last == UInt8(ascii: "\n"), "\(path) has a member that does not end a line")
        }
        #expect(lines(of: file).count <= 450, "\(path) is too big")
    }
    #expect(files.contains { $0.members.count == 2 })
}

@Test func goodLinesFollowTheContract() throws {
    let inspection = inspect(SampleGenerator.generate(smallSpec))
    #expect(inspection.good.count > 1000)
    let platforms = Set(["wechat", "douyin", "alipay", "app", "web"])
    for (path, object) in inspection.good {
        let platform = try #require(string(object, "platform"))
        #expect(platforms.contains(platform.lowercased()), "\(path): platform \(platform)")
        if string(object, "event") == "order_paid" {
            #expect(prop(object, "currency") == "CNY")
        }
    }
    let events = Set(inspection.good.compactMap { string($0.object, "event") })
    for event in ["share", "share_open", "signup", "order_paid", "push_sent", "app_open", "page_view", "product_view", "add_to_cart"] {
        #expect(events.contains(event), "no \(event) event")
    }
    let stamps = inspection.good.map { $0.object["ts"]! }
    #expect(stamps.contains { ($0 as? String)?.hasSuffix("+08:00") == true })
    #expect(stamps.contains { ($0 as? String)?.hasSuffix("Z") == true })
    #expect(stamps.contains { $0 is NSNumber })
}

@Test func badLinesOfEveryKindWhenAsked() {
    let inspection = inspect(SampleGenerator.generate(smallSpec))
    for kind in LineClass.allCases {
        #expect(inspection.counts[kind, default: 0] > 0, "no \(kind) line")
    }
    #expect(inspection.counts[.tooLong] == 1)
    let total = inspection.counts.values.reduce(0, +)
    let bad = total - inspection.counts[.good, default: 0]
    #expect(bad * 100 < total * 2, "too many bad lines: \(bad) of \(total)")
}

@Test func noBadLinesWhenNotAsked() {
    var spec = smallSpec
    spec.includeBadLines = false
    let inspection = inspect(SampleGenerator.generate(spec))
    #expect(inspection.counts.keys.sorted { "\($0)" < "\($1)" } == [.good])
    let withBad = inspect(SampleGenerator.generate(smallSpec))
    #expect(inspection.counts[.good] == withBad.counts[.good])
}

@Test func accountsLinkAcrossPlatformsAndDevices() {
    let good = inspect(SampleGenerator.generate(smallSpec)).good.map(\.object)
    var platformsByUnion: [String: Set<String>] = [:]
    var usersByDevice: [String: Set<String>] = [:]
    for object in good {
        if let union = string(object, "union_id"), let platform = string(object, "platform") {
            platformsByUnion[union, default: []].insert(platform.lowercased())
        }
        if let device = string(object, "anonymous_id"), let user = string(object, "user_id") {
            usersByDevice[device, default: []].insert(user)
        }
    }
    #expect(platformsByUnion.values.filter { $0.count >= 2 }.count >= 20)
    #expect(usersByDevice.values.contains { $0.count >= 2 }, "no shared device")
    // Anonymous browsing first: some devices are seen without a user before their signup.
    let signupDevices = Set(good.filter { string($0, "event") == "signup" }.compactMap { string($0, "anonymous_id") })
    let anonymousOnly = Set(good.filter { string($0, "user_id") == nil }.compactMap { string($0, "anonymous_id") })
    #expect(!signupDevices.intersection(anonymousOnly).isEmpty)
}

@Test func shareOpensMostlyMatchShares() {
    let good = inspect(SampleGenerator.generate(smallSpec)).good.map(\.object)
    let shared = Set(good.filter { string($0, "event") == "share" }.compactMap { prop($0, "share_id") })
    let opened = good.filter { string($0, "event") == "share_open" }.compactMap { prop($0, "share_id") }
    #expect(opened.contains { shared.contains($0) })
    #expect(opened.contains { !shared.contains($0) }, "no orphan share_open")
    let orders = Set(good.filter { string($0, "event") == "order_paid" }.compactMap { prop($0, "order_id") })
    let refunded = good.filter { string($0, "event") == "refund" }.compactMap { prop($0, "order_id") }
    #expect(refunded.contains { !orders.contains($0) }, "no refund of an order from before the window")
}

@Test func defaultSpecShape() {
    let files = SampleGenerator.generate(SampleDataSpec())
    #expect(files == SampleGenerator.generate(SampleDataSpec()))
    #expect(Set(files.map { String($0.relativePath.prefix(14)) }).count == 45)
    var lineCount = 0
    var bytes = 0
    var oversized = 0
    for member in files.flatMap(\.members) {
        bytes += member.count
        member.withUnsafeBufferPointer { buffer in
            var start = 0
            for index in 0..<buffer.count where buffer[index] == UInt8(ascii: "\n") {
                lineCount += 1
                if index - start > 1 << 20 { oversized += 1 }
                start = index + 1
            }
        }
    }
    #expect((10_000...100_000).contains(lineCount), "\(lineCount) lines")
    #expect(bytes < 16_000_000)
    #expect(oversized == 1)
}

/// The viral mechanics the reports measure: group sizes 2, 3 and 5 with some robot joins, bargains with helpers and
/// successes, orders naming promoters, and WeChat scene values on share opens (chat, group, Moments, posters).
@Test func viralMechanicsAreSimulated() {
    let good = inspect(SampleGenerator.generate(SampleDataSpec())).good.map(\.object)
    func events(_ name: String) -> [[String: Any]] { good.filter { string($0, "event") == name } }
    #expect(Set(events("group_buy_start").compactMap { (($0["props"] as? [String: Any])?["group_size"] as? NSNumber)?.intValue }) == [2, 3, 5])
    #expect(events("group_buy_join").contains { ($0["props"] as? [String: Any])?["robot"] as? Bool == true })
    #expect(events("bargain_start").count > 10)
    #expect(events("bargain_help").count > events("bargain_start").count)
    #expect(!events("bargain_success").isEmpty)
    #expect(events("order_paid").contains { prop($0, "bargain_id") != nil })
    #expect(events("order_paid").contains { prop($0, "promoter_id") != nil })
    let scenes = Set(events("share_open").compactMap { prop($0, "scene") })
    #expect(scenes.isSuperset(of: ["1007", "1008", "1154"]))
}

/// Push campaigns carry a push id on the push and its open, and some accounts unsubscribe.
@Test func pushesCarryIDsAndSomeUnsubscribe() {
    let good = inspect(SampleGenerator.generate(SampleDataSpec())).good.map(\.object)
    let sent = good.filter { string($0, "event") == "push_sent" }
    let opened = good.filter { string($0, "event") == "push_open" }
    #expect(!sent.isEmpty && sent.allSatisfy { prop($0, "push_id") != nil && prop($0, "campaign_id") != nil })
    let sentIDs = Set(sent.compactMap { prop($0, "push_id") })
    #expect(!opened.isEmpty && opened.allSatisfy { prop($0, "push_id").map(sentIDs.contains) == true })
    #expect(good.contains { string($0, "event") == "unsubscribe" })
}
