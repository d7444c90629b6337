import FissionJobs
import FissionModel
import Testing

/// The `periods` option, shared by retention, `top_sharers` and `promoters`.
struct PeriodConfigTests {
    @Test func duplicatesAreDroppedAndOrderIsCanonical() throws {
        let r = ConfigReader(["periods": .array(["month", "week", "month"])], path: "jobs.share_cascades")
        #expect(try Period.read(r, "periods") == [.week, .month])
        #expect(try ShareCascadeJob(options: r).periods == [.week, .month])
        #expect(try DistributionJob(options: ConfigReader(["periods": .array(["day", "day"])])).periods == [.day])
    }

    @Test func absentKeyIsNil() throws {
        #expect(try Period.read(ConfigReader([:]), "periods") == nil)
        #expect(try ShareCascadeJob(options: ConfigReader([:])).periods == [.day, .week, .month])
    }

    @Test func unknownOrEmptyListsNameTheKey() {
        for list: [ConfigValue] in [["fortnight"], []] {
            let r = ConfigReader(["periods": .array(list)], path: "jobs.distribution")
            #expect(throws: ConfigError.self) { try DistributionJob(options: r) }
            do {
                _ = try Period.read(r, "periods")
                Issue.record("expected a ConfigError for \(list)")
            } catch {
                #expect(error.key == "jobs.distribution.periods")
            }
        }
    }
}
