import FissionClean
import FissionJobs
import FissionModel
import FissionTestSupport
import Testing

struct ClvJobTests {
    /// a: 150.00 in two orders on 06-01 (one transaction), 30.00 on 06-08 refunded 10.00 on 06-09, 20.00 on 06-15.
    /// b: 40.00 on 06-03 only. c: active on 06-02 and 06-21, never buys. d: 25.00 on 06-10, 35.00 on 06-12.
    /// The last data day, and so the last complete day, is 06-21. (Tests/Fixtures/clv.jsonl)
    let events = Fixtures.events(jsonl: "clv")

    func run(_ options: ClvOptions, events: [Event]? = nil) -> JobOutput {
        ClvJob(options).run(Cleaner.build(events: events ?? self.events, calendar: DayCalendar(timeZone: "Asia/Shanghai")!))
    }

    func table(_ output: JobOutput, _ name: String) -> ReportTable? { output.tables.first { $0.schema.name == name } }

    func column(_ table: ReportTable, _ name: String) -> [SQLValue] {
        let i = table.schema.columns.firstIndex { $0.name == name }!
        return table.rows.map { $0[i] }
    }

    /// Weeks: a has x = 2 (06-08, 06-15), tₓ = 14/7, T = 20/7 and repeat days worth 20.00 each (the 30.00 order net of
    /// its refund); b has x = 0; d has x = 1, tₓ = 2/7, T = 11/7, one repeat day of 35.00. c is no buyer.
    @Test func purchaseHistoriesFromTheStoredEvents() throws {
        var options = ClvOptions()
        options.segments = SegmentSelection(["all"])
        let persons = try #require(table(run(options), "clv_persons"))
        #expect(column(persons, "person_key").map(\.description) == ["app:user:b", "douyin:user:d", "wechat:user:a"])
        #expect(column(persons, "first_purchase_date").map(\.description) == ["2025-06-03", "2025-06-10", "2025-06-01"])
        #expect(column(persons, "x") == [0, 1, 2])
        let tx: [SQLValue] = [.real(0), .real(2.0 / 7), .real(2)]
        let age: [SQLValue] = [.real(18.0 / 7), .real(11.0 / 7), .real(20.0 / 7)]
        #expect(column(persons, "t_x") == tx)
        #expect(column(persons, "T") == age)
        #expect(column(persons, "mean_repeat_value_minor") == [.null, .real(3500), .real(2000)])
        #expect(column(persons, "holdout_transactions") == [.null, .null, .null])
        for name in ["p_alive", "expected_transactions_30d", "expected_transactions_365d", "expected_order_value_minor", "predicted_clv_minor"] {
            for cell in column(persons, name) {
                guard case .real(let v) = cell else { Issue.record("\(name): \(cell)"); continue }
                #expect(v.isFinite && v >= 0, "\(name) = \(v)")
            }
        }
        // More days ahead, more transactions expected.
        let in30 = column(persons, "expected_transactions_30d"), in365 = column(persons, "expected_transactions_365d")
        for (a, b) in zip(in30, in365) { if case .real(let x) = a, case .real(let y) = b { #expect(x <= y) } }
        // P(alive) of a buyer without repeat purchases is 1 under BG/NBD.
        #expect(column(persons, "p_alive").first == .real(1))

        let params = try #require(table(run(options), "clv_params"))
        #expect(Set(column(params, "model").map(\.description)) == ["bgnbd", "pareto_nbd", "gamma_gamma"])
        #expect(column(params, "persons").first == 3)  // bgnbd: every buyer
        #expect(params.rows.contains { $0[0] == "gamma_gamma" && $0[4] == 2 })  // a and d repeat
    }

    /// June cohort: a, b, c, d. Observed net revenue by 06-21: a 150 + 30 − 10 + 20, b 40, c 0, d 60 = 290.00 over
    /// 4 persons. At age 7 days (passed for everyone): a 150 + 30 (the refund is on day 8), b 40, d 60 = 280.00.
    @Test func cohortsAddObservedAndPredictedValue() throws {
        var options = ClvOptions()
        options.segments = SegmentSelection(["all"])
        options.cohortAgesDays = [7, 365]
        let cohorts = try #require(table(run(options), "clv_cohorts"))
        #expect(cohorts.rows.count == 1)
        #expect(column(cohorts, "cohort_start") == ["2025-06-01"])
        #expect(column(cohorts, "persons") == [4] && column(cohorts, "buyers") == [3] && column(cohorts, "age_days") == [20])
        #expect(column(cohorts, "observed_ltv_minor") == [.real(7250)])
        #expect(column(cohorts, "projected_ltv_7d_minor") == [.real(7000)])
        guard case .real(let year)? = column(cohorts, "projected_ltv_365d_minor").first else { Issue.record("no 365-day projection"); return }
        #expect(year > 7250)
    }

    /// Holdout from 06-15: calibration to 06-14, so a has x = 1 and one holdout transaction (06-15); d and b none.
    @Test func holdoutComparesPredictedWithActual() throws {
        var options = ClvOptions()
        options.holdoutFrom = LocalDate(iso: "2025-06-15")
        let output = run(options)
        let persons = try #require(table(output, "clv_persons"))
        #expect(column(persons, "x") == [0, 1, 1])
        #expect(column(persons, "holdout_transactions") == [0, 0, 1])
        let holdout = try #require(table(output, "clv_holdout"))
        let bgnbd = holdout.rows.filter { $0[0] == "bgnbd" }.map { "\($0[1]) \($0[2]) \($0[3])" }
        #expect(bgnbd == ["0 1 0", "1 2 1", "2 0 0", "3 0 0", "4 0 0", "5 0 0", "6 0 0", "7+ 0 0", "all 3 1"])
        #expect(holdout.rows.filter { $0[0] == "pareto_nbd" }.count == 9)
        for row in holdout.rows where row[1] == "all" {
            guard case .real(let predicted) = row[4] else { Issue.record("no prediction: \(row)"); continue }
            #expect(predicted.isFinite && predicted >= 0)
        }
    }

    /// A `holdout_from` after the last complete day leaves no holdout period: no `clv_holdout`, NULL holdout counts,
    /// and the same fit as without it.
    @Test func holdoutAfterTheDataIsNoHoldout() throws {
        var late = ClvOptions()
        late.holdoutFrom = LocalDate(iso: "2025-07-01")
        let output = run(late)
        #expect(table(output, "clv_holdout") == nil)
        #expect(column(try #require(table(output, "clv_persons")), "holdout_transactions") == [.null, .null, .null])
        #expect(table(output, "clv_params") == table(run(ClvOptions()), "clv_params"))
    }

    /// Order comes from content: the same events in reverse give the same tables, to the last digit.
    @Test func deterministicWhateverTheInputOrder() {
        let forward = run(ClvOptions()), backward = run(ClvOptions(), events: events.reversed())
        #expect(forward.tables == backward.tables)
    }

    @Test func withoutRepeatPurchasesNothingIsFitted() {
        let onlyFirst = events.filter { ["a1", "a2", "b1", "c1", "c2"].contains($0.eventID) }
        let output = run(ClvOptions(), events: onlyFirst)
        let empty = output.tables.allSatisfy { $0.rows.isEmpty }
        #expect(empty)
        #expect(output.headline == ["CLV: no repeat purchases by 2025-06-21: nothing to fit"])
    }

    @Test func optionsAreValidated() throws {
        let job = try ClvJob(options: ConfigReader(["model": "pareto_nbd", "time_unit": "day", "horizons_days": .array([.integer(90), .integer(30)]),
                                                    "holdout_from": "2025-06-15", "monthly_discount": .number(0.02)]))
        #expect(job.options.model == .paretoNBD && job.options.unitDays == 1 && job.options.horizonsDays == [30, 90])
        #expect(job.options.holdoutFrom == LocalDate(iso: "2025-06-15") && job.options.monthlyDiscount == 0.02)
        #expect(throws: ConfigError(key: "jobs.clv.model", message: "unknown model \"gamma\"; use bgnbd or pareto_nbd")) {
            try ClvJob(options: ConfigReader(["model": "gamma"], path: "jobs.clv"))
        }
        #expect(throws: ConfigError(key: "jobs.clv.holdout_from", message: "expected YYYY-MM-DD, got \"June\"")) {
            try ClvJob(options: ConfigReader(["holdout_from": "June"], path: "jobs.clv"))
        }
        #expect(throws: ConfigError(key: "jobs.clv.monthly_discount", message: "must be at least 0 and below 1, e.g. 0.01")) {
            try ClvJob(options: ConfigReader(["monthly_discount": .integer(5)], path: "jobs.clv"))
        }
        #expect(throws: ConfigError.self) { try ClvJob(options: ConfigReader(["horizons_days": .array([])], path: "jobs.clv")) }
    }
}
