import FissionJobs
import FissionModel
import Testing

struct RetentionDefinitionTests {
    func parse(_ values: [String: ConfigValue]) throws(ConfigError) -> RetentionDefinition {
        let reader = ConfigReader(values, path: "jobs.retention[0]")
        let d = try RetentionDefinition(reader)
        try reader.finish()
        return d
    }

    @Test func defaults() throws {
        let d = try parse([:])
        #expect(d.name == "default")
        #expect(d.periods == [.day, .week, .month])
        #expect(d.maxOffset == [.day: 30, .week: 12, .month: 6])
        #expect(d.cohortType == .firstTime && d.returnCriterion == .on && d.boundary == .calendar && d.weekStart == 1)
        #expect(d.cohortEvent == nil && d.returnEvent == nil)
    }

    @Test func everyOption() throws {
        let d = try parse([
            "name": "buyers", "periods": .array(["week", "day"]), "cohort_type": "recurring",
            "cohort_event": "order_paid",
            "return_event": .object(["event": "share", "where": .object(["channel": "group"])]),
            "return": "on_or_after", "boundary": "rolling_24h", "week_start": "Sunday",
            "max_offset_days": 14, "max_offset_weeks": 4, "segments": .array(["all", "channel"]),
        ])
        #expect(d.name == "buyers")
        #expect(d.periods == [.day, .week])
        #expect(d.cohortType == .recurring)
        #expect(d.cohortEvent == EventFilter(event: "order_paid"))
        #expect(d.returnEvent == EventFilter(event: "share", properties: ["channel": "group"]))
        #expect(d.returnCriterion == .onOrAfter && d.boundary == .rolling24h && d.weekStart == 7)
        #expect(d.maxOffset[.day] == 14 && d.maxOffset[.week] == 4)
        #expect(d.segments == SegmentSelection(["all", "channel"]))
    }

    @Test func rollingDropsMonthsUnlessAskedFor() throws {
        #expect(try parse(["boundary": "rolling_24h"]).periods == [.day, .week])
        #expect(throws: ConfigError.self) { try parse(["boundary": "rolling_24h", "periods": .array(["month"])]) }
    }

    @Test(arguments: [
        (["return": ConfigValue.string("sometimes")], "jobs.retention[0].return"),
        (["week_start": ConfigValue.string("moonday")], "jobs.retention[0].week_start"),
        (["periods": ConfigValue.array(["fortnight"])], "jobs.retention[0].periods"),
        (["cohort_event": ConfigValue.object(["where": .object([:])])], "jobs.retention[0].cohort_event.event"),
        (["max_offset_days": ConfigValue.integer(-1)], "jobs.retention[0].max_offset_days"),
        (["max_offset": ConfigValue.integer(3)], "jobs.retention[0].max_offset"),
    ] as [([String: ConfigValue], String)])
    func errorsNameTheKey(_ values: [String: ConfigValue], _ key: String) {
        #expect { try parse(values) } throws: { ($0 as? ConfigError)?.key == key }
    }

    @Test func reportNamesAreUnique() {
        let readers = [ConfigReader(["name": "a"], path: "jobs.retention[0]"), ConfigReader(["name": "a"], path: "jobs.retention[1]")]
        #expect { try RetentionJob(definitions: readers) } throws: { ($0 as? ConfigError)?.key == "jobs.retention[1].name" }
    }
}
