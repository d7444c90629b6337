import FissionClean
import FissionJobs
import FissionModel
import FissionTestSupport
import Testing

struct ShareFunnelJobTests {
    static let shanghai = DayCalendar(timeZone: "Asia/Shanghai")!

    static func run(_ events: [Event], _ job: ShareFunnelJob = ShareFunnelJob()) -> JobOutput {
        job.run(Cleaner.build(events: events, calendar: shanghai))
    }

    static func share(_ id: String, _ ts: String, by user: String, share: String, channel: String? = nil) -> Event {
        var props = ["share_id": share]
        if let channel { props["channel"] = channel }
        return Fixtures.event(id, "share", ts, user: user, props: props)
    }

    static func open(_ id: String, _ ts: String, by user: String, share: String) -> Event {
        Fixtures.event(id, "share_open", ts, user: user, props: ["share_id": share])
    }

    static func order(_ id: String, _ ts: String, by user: String, amount: String) -> Event {
        Fixtures.event(id, "order_paid", ts, user: user, props: ["order_id": "o\(id)"], amount: amount)
    }

    /// The worked example in docs/reports.md.
    static let workedExample: [Event] = [
        Fixtures.event("1", "app_open", "2025-05-31T09:00:00+08:00", user: "o"),
        share("2", "2025-06-01T10:00:00+08:00", by: "s", share: "A", channel: "group"),
        open("3", "2025-06-01T10:05:00+08:00", by: "s", share: "A"),
        share("4", "2025-06-01T11:00:00+08:00", by: "s", share: "B", channel: "moments"),
        open("5", "2025-06-01T12:00:00+08:00", by: "n1", share: "A"),
        order("6", "2025-06-02T09:00:00+08:00", by: "n1", amount: "5.50"),
        order("7", "2025-06-08T12:00:00+08:00", by: "n1", amount: "30.00"),
        open("8", "2025-06-01T13:00:00+08:00", by: "n2", share: "A"),
        order("9", "2025-06-08T13:00:01+08:00", by: "n2", amount: "20.00"),
        open("10", "2025-06-01T14:00:00+08:00", by: "o", share: "A"),
        open("11", "2025-06-01T15:00:00+08:00", by: "n3", share: "B"),
        open("12", "2025-06-01T16:00:00+08:00", by: "n4", share: "Z"),
        order("13", "2025-06-01T17:00:00+08:00", by: "n4", amount: "10.00"),
    ]

    @Test func countsOpensNewPersonsAndConversionsPerShareDayAndChannel() {
        let output = Self.run(Self.workedExample)
        let table = output.tables[0]
        #expect(table.schema.name == "share_funnel")
        // share_date, channel, shares, sharers, opens, openers, new_persons, converted_persons, orders, revenue_minor,
        // open_rate, conversion_rate, k_factor
        #expect(table.rows == [
            // Union of the three rows below: openers n1, n2, o, n3, n4; new n1, n2, n3, n4; converted n1, n4.
            ["2025-06-01", "all", 2, 1, 5, 5, 4, 2, 3, 4550, .real(2.5), .real(0.4), .real(4), 1],
            // Share A by s. Opens by n1, n2, o (s's own open is left out). o was active on 05-31: not new.
            // n1 orders 5.50 next day and 30.00 exactly 7 days after the open (counts); n2 orders 7 days + 1 s
            // after (does not count).
            ["2025-06-01", "group", 1, 1, 3, 3, 2, 1, 2, 3550, .real(3), .ratio(1, 3), .real(2), 1],
            // Share B by s, opened by new person n3, who never orders.
            ["2025-06-01", "moments", 1, 1, 1, 1, 1, 0, 0, 0, .real(1), .real(0), .real(1), 1],
            // Share Z is not in the data: n4's open counts on its own day; n4 orders 10.00 an hour later.
            ["2025-06-01", "orphan", 0, 0, 1, 1, 1, 1, 1, 1000, .null, .real(1), .null, 1],
        ])
        #expect(output.metrics == [
            RunMetric(job: "share_funnel", name: "orphan_share_opens", value: 1),  // n4's open of Z
            RunMetric(job: "share_funnel", name: "self_opens", value: 1),  // s opening A
            RunMetric(job: "share_funnel", name: "channels_folded", value: 0),
        ])
        // 2 converted of 5 openers; 4 new persons per 1 sharer.
        #expect(output.headline == ["share funnel: 2 shares, 40.0% open→convert, k-factor 4.00"])
        // The whole period per channel, persons counted once: its `all` row is the headline's figures.
        let summary = output.tables[3]
        #expect(summary.schema.name == "share_funnel_summary")
        #expect(summary.rows.map { $0[0] } == ["all", "group", "moments", "orphan"])
        #expect(summary.rows[0] == ["all", 2, 1, 5, 5, 4, 2, 3, 4550, .real(2.5), .real(0.4), .real(4)])
    }

    @Test func attributesEachNewPersonToTheShareThatAcquiredThem() {
        let table = Self.run(Self.workedExample).tables[1]
        #expect(table.schema.name == "share_attribution")
        // person_key, share_id, channel, share_date, sharer_person_key, open_ts, first_order_ts, converted
        #expect(table.rows == [
            // First order (06-02 09:00 local) is within the window.
            ["wechat:user:n1", "A", "group", "2025-06-01", "wechat:user:s", "2025-06-01T04:00:00.000Z",
             "2025-06-02T01:00:00.000Z", 1],
            // First order is 7 days + 1 s after the open: reported, but not converted.
            ["wechat:user:n2", "A", "group", "2025-06-01", "wechat:user:s", "2025-06-01T05:00:00.000Z",
             "2025-06-08T05:00:01.000Z", 0],
            // Never ordered.
            ["wechat:user:n3", "B", "moments", "2025-06-01", "wechat:user:s", "2025-06-01T07:00:00.000Z", .null, 0],
            // Orphan: no sharer, the open's own day.
            ["wechat:user:n4", "Z", "orphan", "2025-06-01", .null, "2025-06-01T08:00:00.000Z",
             "2025-06-01T09:00:00.000Z", 1],
        ])
        // o opened a share but was already a person: no row.
    }

    @Test func sharesFallOnTheirLocalDayAndOpensFollowTheShare() {
        let output = Self.run([
            // s shares C without a channel one second before local midnight, and D with an empty channel at midnight.
            Self.share("1", "2025-06-01T23:59:59+08:00", by: "s", share: "C"),
            Self.share("2", "2025-06-02T00:00:00+08:00", by: "s", share: "D", channel: ""),
            // r is acquired by C, then shares C again on group: a share of 06-02/group, but C stays s's share.
            Self.open("3", "2025-06-02T07:00:00+08:00", by: "r", share: "C"),
            Self.share("4", "2025-06-02T08:00:00+08:00", by: "r", share: "C", channel: "group"),
            // n5 opens C on 06-02: counted under C's day and channel (06-01/unknown).
            Self.open("5", "2025-06-02T09:00:00+08:00", by: "n5", share: "C"),
            Self.open("6", "2025-06-02T10:00:00+08:00", by: "n6", share: "D"),
        ])
        #expect(output.tables[0].rows == [
            // C: opened by r and n5, both new; 2 new per 1 sharer.
            ["2025-06-01", "all", 1, 1, 2, 2, 2, 0, 0, 0, .real(2), .real(0), .real(2), 0],
            ["2025-06-01", "unknown", 1, 1, 2, 2, 2, 0, 0, 0, .real(2), .real(0), .real(2), 0],
            // Shares D (s) and C again (r); one open (n6 of D).
            ["2025-06-02", "all", 2, 2, 1, 1, 1, 0, 0, 0, .real(0.5), .real(0), .real(0.5), 0],
            // r's re-share of C: no opens of its own.
            ["2025-06-02", "group", 1, 1, 0, 0, 0, 0, 0, 0, .real(0), .null, .real(0), 0],
            // D, opened by new person n6.
            ["2025-06-02", "unknown", 1, 1, 1, 1, 1, 0, 0, 0, .real(1), .real(0), .real(1), 0],
        ])
        #expect(output.tables[1].rows == [
            ["wechat:user:n5", "C", "unknown", "2025-06-01", "wechat:user:s", "2025-06-02T01:00:00.000Z", .null, 0],
            ["wechat:user:n6", "D", "unknown", "2025-06-02", "wechat:user:s", "2025-06-02T02:00:00.000Z", .null, 0],
            // r, later a sharer: the chain s → r can be followed through sharer_person_key.
            ["wechat:user:r", "C", "unknown", "2025-06-01", "wechat:user:s", "2025-06-01T23:00:00.000Z", .null, 0],
        ])
        #expect(output.headline == ["share funnel: 3 shares, 0.0% open→convert, k-factor 1.50"])
    }

    /// Two `share` events of one share_id at the same millisecond: the smaller `event_id` is the share, whatever the
    /// persons' keys or the input order.
    @Test func simultaneousSharesOfOneIDGoToTheSmallerEventID() {
        let events = [
            // z and b share E at the same instant; z's event_id "1" sorts first, so E is z's share on moments.
            Self.share("1", "2025-06-01T10:00:00+08:00", by: "z", share: "E", channel: "moments"),
            Self.share("2", "2025-06-01T10:00:00+08:00", by: "b", share: "E", channel: "group"),
            // z's own open is left out; n is new through E.
            Self.open("3", "2025-06-01T11:00:00+08:00", by: "z", share: "E"),
            Self.open("4", "2025-06-01T12:00:00+08:00", by: "n", share: "E"),
        ]
        let output = Self.run(events)
        #expect(output.tables[0].rows == [
            ["2025-06-01", "all", 2, 2, 1, 1, 1, 0, 0, 0, .real(0.5), .real(0), .real(0.5), 0],
            ["2025-06-01", "group", 1, 1, 0, 0, 0, 0, 0, 0, .real(0), .null, .real(0), 0],
            ["2025-06-01", "moments", 1, 1, 1, 1, 1, 0, 0, 0, .real(1), .real(0), .real(1), 0],
        ])
        #expect(output.metrics.first { $0.name == "self_opens" }?.value == 1)
        #expect(Self.run(events.reversed()).tables == output.tables)
    }

    /// A share_open and a page_view at the same millisecond: the smaller `event_id` is the person's first event.
    @Test func openAndPageViewAtTheSameInstantOrderByEventID() {
        func newPersons(openID: String, viewID: String) -> [[SQLValue]] {
            let events = [
                Self.share("s1", "2025-06-01T10:00:00+08:00", by: "s", share: "A", channel: "group"),
                Self.open(openID, "2025-06-01T11:00:00+08:00", by: "n", share: "A"),
                Fixtures.event(viewID, "page_view", "2025-06-01T11:00:00+08:00", user: "n"),
            ]
            let output = Self.run(events)
            #expect(Self.run(events.reversed()).tables == output.tables)
            return output.tables[1].rows.map { [$0[0], $0[1]] }
        }
        // "o1" < "p1": the open comes first → n was acquired by A. "a1" < "o1": the page view comes first → not.
        #expect(newPersons(openID: "o1", viewID: "p1") == [["wechat:user:n", "A"]])
        #expect(newPersons(openID: "o1", viewID: "a1") == [])
    }

    /// Two share_opens of different shares at the same millisecond: the open with the smaller `event_id` acquired.
    @Test func simultaneousOpensOfTwoSharesOrderByEventID() {
        let events = [
            Self.share("s1", "2025-06-01T10:00:00+08:00", by: "s", share: "A", channel: "group"),
            Self.share("s2", "2025-06-01T10:00:00+08:00", by: "t", share: "B", channel: "moments"),
            Self.open("x2", "2025-06-01T11:00:00+08:00", by: "n", share: "A"),
            Self.open("x1", "2025-06-01T11:00:00+08:00", by: "n", share: "B"),
            // An order at the open's own millisecond is within the window.
            Self.order("x3", "2025-06-01T11:00:00+08:00", by: "n", amount: "9.00"),
        ]
        let output = Self.run(events)
        #expect(Self.run(events.reversed()).tables == output.tables)
        #expect(output.tables[1].rows == [
            ["wechat:user:n", "B", "moments", "2025-06-01", "wechat:user:t", "2025-06-01T03:00:00.000Z", "2025-06-01T03:00:00.000Z", 1],
        ])
        // Both shares count n as an opener; only B as new and converted.
        #expect(output.tables[0].rows.map { Array($0[1...9]) } == [
            ["all", 2, 2, 2, 1, 1, 1, 1, 900],
            ["group", 1, 1, 1, 1, 0, 0, 0, 0],
            ["moments", 1, 1, 1, 1, 1, 1, 1, 900],
        ])
    }

    /// Rows cover share days in the report window; who is new is decided on all the data.
    @Test func reportWindowSelectsShareDaysButNewnessUsesAllData() {
        let events = [
            Fixtures.event("1", "app_open", "2025-05-20T09:00:00+08:00", user: "old"),
            Self.share("2", "2025-05-31T10:00:00+08:00", by: "s", share: "A", channel: "group"),
            Self.open("3", "2025-06-01T10:00:00+08:00", by: "n1", share: "A"),  // share day 05-31: not reported
            Self.share("4", "2025-06-01T10:00:00+08:00", by: "s", share: "B", channel: "group"),
            Self.open("5", "2025-06-01T11:00:00+08:00", by: "old", share: "B"),  // seen on 05-20: not new
            Self.open("6", "2025-06-01T12:00:00+08:00", by: "n2", share: "B"),
            Self.order("7", "2025-06-03T12:00:00+08:00", by: "n2", amount: "1.00"),  // after the window: converts
        ]
        let window = ReportWindow(firstDay: LocalDate(iso: "2025-06-01"), lastDay: LocalDate(iso: "2025-06-01"))
        let output = ShareFunnelJob().run(Cleaner.build(events: events, calendar: Self.shanghai, window: window))
        #expect(output.tables[0].rows.map { Array($0[0...7]) } == [
            ["2025-06-01", "all", 1, 1, 2, 2, 1, 1],
            ["2025-06-01", "group", 1, 1, 2, 2, 1, 1],
        ])
        #expect(output.tables[1].rows.map { $0[0] } == ["wechat:user:n2"])
    }

    @Test func conversionWindowOptionIsADuration() throws {
        let options = ConfigReader(["conversion_window": .string("36h")], path: "jobs.share_funnel")
        let job = try ShareFunnelJob(options: options)
        #expect(job.conversionWindow == 36 * 3600)
        #expect(try ShareFunnelJob(options: ConfigReader([:])).conversionWindow == 7 * 86_400)
        let output = Self.run([
            Self.share("1", "2025-06-01T10:00:00+08:00", by: "s", share: "A", channel: "group"),
            // p orders exactly 36 h after opening (converted), q 36 h + 1 s after (not).
            Self.open("2", "2025-06-01T12:00:00+08:00", by: "p", share: "A"),
            Self.order("3", "2025-06-03T00:00:00+08:00", by: "p", amount: "1.00"),
            Self.open("4", "2025-06-01T12:00:00+08:00", by: "q", share: "A"),
            Self.order("5", "2025-06-03T00:00:01+08:00", by: "q", amount: "1.00"),
        ], job)
        #expect(output.tables[1].rows.map { [$0[0], $0[7]] } == [["wechat:user:p", 1], ["wechat:user:q", 0]])
    }

    @Test func invalidConversionWindowNamesTheKey() throws {
        let error = #expect(throws: ConfigError.self) {
            try JobRegistry.standard.makeJob(
                named: "share_funnel", value: .object(["conversion_window": .string("1w")]), path: "jobs.share_funnel")
        }
        #expect(error?.key == "jobs.share_funnel.conversion_window")
    }

    @Test func channelsNamedLikeReservedRowsAreEscaped() {
        let output = Self.run([
            Self.share("1", "2025-06-01T10:00:00+08:00", by: "s", share: "A", channel: "all"),
            Self.share("2", "2025-06-01T11:00:00+08:00", by: "s", share: "B", channel: "orphan"),
            Self.open("3", "2025-06-01T12:00:00+08:00", by: "n", share: "A"),
        ])
        // The `all` row counts each share once; the data's channels `all` and `orphan` become `~all`, `~orphan`.
        #expect(output.tables[0].rows.map { Array($0[1...4]) } == [
            ["all", 2, 1, 1],
            ["~all", 1, 1, 1],
            ["~orphan", 1, 1, 0],
        ])
    }

    /// Channels beyond `max_channels`: the ones with the most shares keep their label (ties by label), the rest are
    /// `~other`, opens included; a real channel spelled `~other` is escaped and stays apart.
    @Test func channelsBeyondTheCapAreReportedAsOther() {
        let events = [
            Self.share("s1", "2025-06-01T10:00:00+08:00", by: "a", share: "A", channel: "group"),
            Self.share("s2", "2025-06-01T10:01:00+08:00", by: "a", share: "B", channel: "group"),
            Self.share("s3", "2025-06-01T10:02:00+08:00", by: "a", share: "C", channel: "chat"),
            Self.share("s4", "2025-06-01T10:03:00+08:00", by: "a", share: "D", channel: "~other"),
            Self.share("s5", "2025-06-01T10:04:00+08:00", by: "a", share: "E"),
            Self.open("o1", "2025-06-01T11:00:00+08:00", by: "n1", share: "D"),
        ]
        let output = Self.run(events, ShareFunnelJob(maxChannels: 2))
        // share_date channel shares … : group (2 shares) and chat (1, before "unknown" and "~~other" by label) stay
        #expect(output.tables[0].rows.map { [$0[1], $0[2], $0[4]] } == [
            ["all", 5, 1], ["chat", 1, 0], ["group", 2, 0], ["~other", 2, 1],
        ])
        #expect(output.metrics.last == RunMetric(job: "share_funnel", name: "channels_folded", value: 2))
    }

    /// The open side by the WeChat scene of each open: n1 opens share A from a group chat card (1008 → share), n2
    /// scans a poster's code (1047 → qr_code), n3 opens B without a scene (none). Opens count under the share's day.
    @Test func opensBySceneChannel() {
        let events = [
            Self.share("1", "2025-06-01T10:00:00+08:00", by: "s", share: "A", channel: "group"),
            Self.share("2", "2025-06-01T10:00:00+08:00", by: "s", share: "B", channel: "chat"),
            Fixtures.event("3", "share_open", "2025-06-02T10:00:00+08:00", user: "n1", props: ["share_id": "A", "scene": "1008"]),
            Self.order("4", "2025-06-02T11:00:00+08:00", by: "n1", amount: "8.00"),
            Fixtures.event("5", "share_open", "2025-06-02T10:00:00+08:00", user: "n2", props: ["share_id": "A", "scene": "1047"]),
            Self.open("6", "2025-06-02T10:00:00+08:00", by: "n3", share: "B"),
        ]
        let table = Self.run(events).tables[2]
        #expect(table.schema.name == "share_funnel_by_scene")
        // share_date, scene_channel, opens, openers, new persons, converted, orders, revenue, conversion rate
        #expect(TableText.lines(table) == [
            "2025-06-01 all 3 3 3 1 1 800 0.3333",
            "2025-06-01 none 1 1 1 0 0 0 0",
            "2025-06-01 qr_code 1 1 1 0 0 0 0",
            "2025-06-01 share 1 1 1 1 1 800 1",
        ])
    }
}
