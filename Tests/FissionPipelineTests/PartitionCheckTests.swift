@testable import FissionPipeline
import FissionModel
import Testing

struct PartitionCheckTests {
    /// Days 06-01…06-10 expected (until 06-10). 06-03 and 06-04 are missing (one range), 06-06 has a file with no
    /// lines, 06-08 has 10 lines where its neighbours have about 100, 06-10 is missing at the end.
    @Test func missingEmptyAndThinDays() {
        var files: [(path: String, lines: Int)] = [
            ("/x/day=2025-06-01/a.jsonl.gz", 100), ("/x/day=2025-06-02/a.jsonl.gz", 90), ("/x/day=2025-06-02/b.jsonl.gz", 10),
            ("/x/day=2025-06-05/a.jsonl.gz", 100), ("/x/day=2025-06-06/a.jsonl.gz", 0), ("/x/day=2025-06-07/a.jsonl.gz", 110),
            ("/x/day=2025-06-08/a.jsonl.gz", 10), ("/x/day=2025-06-09/a.jsonl.gz", 95),
        ]
        files.append(("/x/other/c.jsonl.gz", 5))
        let check = PartitionCheck(rule: PartitionRule(until: .day(LocalDate(iso: "2025-06-10")!)), runDate: LocalDate(iso: "2025-06-30")!)
        #expect(check.warnings(files).map { "\($0.kind) \($0.partition)" } == [
            "partition_missing 2025-06-03..2025-06-04", "partition_empty 2025-06-06", "partition_thin 2025-06-08",
            "partition_missing 2025-06-10",
        ])
    }

    @Test func untilDefaultsToTheDayBeforeTheRunDate() {
        let check = PartitionCheck(rule: PartitionRule(), runDate: LocalDate(iso: "2025-06-03")!)
        #expect(check.warnings([("day=2025-06-01/a.jsonl.gz", 5)]).map(\.partition) == ["2025-06-02"])
        #expect(check.warnings([("day=2025-06-01/a.jsonl.gz", 5), ("day=2025-06-02/a.jsonl.gz", 5)]).isEmpty)
    }
}
