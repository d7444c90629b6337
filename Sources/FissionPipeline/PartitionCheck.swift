import FissionClean
import FissionModel

/// Input completeness (config `partitions`): the exporter writes one folder per day (`day=YYYY-MM-DD`), and a day
/// that is missing, empty, or much thinner than its neighbours is a warning (`succeeded_with_warnings`, exit 4),
/// recorded in `run_warnings` and printed, so a scheduler can alert before analysts read a short day as a bad one.
///
/// Over all files the state holds and the run read: a file belongs to day D when a folder of its path is
/// `<prefix>D`. Expected days run from `from` (else the first day seen) through `until` (default the day before the
/// run date). Consecutive missing days are reported as one range. A day is thin when its lines are fewer than
/// `min_ratio` (default 0.2) times the median of the up to 3 days with data on each side.
public struct PartitionRule: Sendable, Equatable {
    /// The folder name before the date, e.g. `day=` for the pattern `day=YYYY-MM-DD`.
    public var prefix: String
    public var minRatio: Double
    public var from: DateRange.Bound?
    public var until: DateRange.Bound

    public init(prefix: String = "day=", minRatio: Double = 0.2, from: DateRange.Bound? = nil, until: DateRange.Bound = .daysFromRunDate(-1)) {
        self.prefix = prefix
        self.minRatio = minRatio
        self.from = from
        self.until = until
    }
}

struct PartitionCheck {
    struct Warning: Equatable {
        /// `partition_missing`, `partition_empty` or `partition_thin`.
        var kind: String
        /// The day, or a range `first..last`.
        var partition: String
        var detail: String
    }

    var rule: PartitionRule
    var runDate: LocalDate

    func warnings(_ files: [(path: String, lines: Int)]) -> [Warning] {
        var lines: [LocalDate: Int] = [:]
        for f in files {
            for component in f.path.split(separator: "/") where component.hasPrefix(rule.prefix) {
                if let day = LocalDate(iso: String(component.dropFirst(rule.prefix.count))) { lines[day, default: 0] += f.lines }
            }
        }
        guard let firstSeen = lines.keys.min() else { return [] }
        let first = rule.from?.resolve(runDate: runDate) ?? firstSeen
        let last = rule.until.resolve(runDate: runDate)
        guard first <= last else { return [] }
        var out: [Warning] = []
        var missingFrom: LocalDate?
        func closeMissing(before day: LocalDate) {
            guard let start = missingFrom else { return }
            let end = day.adding(days: -1)
            let n = Int(end.daysSinceEpoch - start.daysSinceEpoch) + 1
            out.append(Warning(kind: "partition_missing", partition: n == 1 ? "\(start)" : "\(start)..\(end)",
                               detail: n == 1 ? "no input folder \(rule.prefix)\(start)" : "no input folders for \(n) days"))
            missingFrom = nil
        }
        let days = (0...Int(last.daysSinceEpoch - first.daysSinceEpoch)).map { first.adding(days: $0) }
        for day in days {
            guard let n = lines[day] else {
                if missingFrom == nil { missingFrom = day }
                continue
            }
            closeMissing(before: day)
            if n == 0 {
                out.append(Warning(kind: "partition_empty", partition: "\(day)", detail: "its files have no lines"))
                continue
            }
            let neighbours = (1...3).flatMap { [day.adding(days: -$0), day.adding(days: $0)] }.compactMap { lines[$0] }.filter { $0 > 0 }
            guard !neighbours.isEmpty else { continue }
            let sorted = neighbours.sorted()
            let median = sorted.count % 2 == 1 ? Double(sorted[sorted.count / 2]) : Double(sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            if Double(n) < rule.minRatio * median {
                out.append(Warning(kind: "partition_thin", partition: "\(day)",
                                   detail: "\(n) lines, under \(rule.minRatio) × the median of its neighbours (\(Int(median.rounded())))"))
            }
        }
        closeMissing(before: last.adding(days: 1))
        return out
    }
}
