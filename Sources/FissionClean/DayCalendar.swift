import FissionModel
import Foundation

/// Maps instants to calendar days in the reporting time zone.
///
/// The zone's UTC-offset changes are read once from the tz database (via Foundation) for 1900–2200, so a lookup
/// is a binary search over a few hundred entries and the value is immutable and `Sendable`.
public struct DayCalendar: Sendable, Equatable {
    public let identifier: String
    /// Offset changes: from `starts[i]` (ms since epoch) on, the offset is `offsets[i]` seconds.
    private let starts: [Int64]
    private let offsets: [Int32]

    /// Returns nil for an unknown zone name.
    public init?(timeZone identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        var starts: [Int64] = [Int64.min]
        var offsets: [Int32] = [Int32(zone.secondsFromGMT(for: Date(timeIntervalSince1970: -2_208_988_800)))]  // 1900-01-01
        var cursor = Date(timeIntervalSince1970: -2_208_988_800)
        let end = Date(timeIntervalSince1970: 7_258_118_400)  // 2200-01-01
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end, next > cursor {
            let offset = Int32(zone.secondsFromGMT(for: next))
            if offset != offsets.last {
                starts.append(Int64((next.timeIntervalSince1970 * 1000).rounded()))
                offsets.append(offset)
            }
            cursor = next
        }
        self.starts = starts
        self.offsets = offsets
    }

    /// The UTC offset in seconds in force at `time`.
    public func offsetSeconds(at time: Timestamp) -> Int32 {
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= time.millisecondsSinceEpoch { lo = mid } else { hi = mid - 1 }
        }
        return offsets[lo]
    }

    /// The local calendar day `time` falls on.
    public func day(of time: Timestamp) -> LocalDate {
        let local = time.millisecondsSinceEpoch + Int64(offsetSeconds(at: time)) * 1000
        return LocalDate(daysSinceEpoch: Int32(local.floorDiv(86_400_000)))
    }

    /// The first instant of `day` (local midnight). Around a transition at midnight, the first instant that is on `day`.
    public func startOfDay(_ day: LocalDate) -> Timestamp {
        let midnightUTC = Int64(day.daysSinceEpoch) * 86_400_000
        var guess = Timestamp(millisecondsSinceEpoch: midnightUTC - Int64(offsetSeconds(at: Timestamp(millisecondsSinceEpoch: midnightUTC))) * 1000)
        // One refinement covers an offset change between the UTC and local midnights.
        guess = Timestamp(millisecondsSinceEpoch: midnightUTC - Int64(offsetSeconds(at: guess)) * 1000)
        while self.day(of: guess) < day { guess.millisecondsSinceEpoch += 60_000 }
        return guess
    }
}
