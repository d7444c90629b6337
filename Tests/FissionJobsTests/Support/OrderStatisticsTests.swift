@testable import FissionJobs
import Testing

struct OrderStatisticsTests {
    @Test func medianOfOddAndEvenCounts() {
        #expect(OrderStatistics.median([]) == nil)
        #expect(OrderStatistics.median([7]) == 7)
        #expect(OrderStatistics.median([9, 1, 5]) == 5)
        #expect(OrderStatistics.median([4, 1, 3, 10]) == 3.5)
    }

    @Test func nearestRankIsTheCeilingAndAtLeastOne() {
        // 10 values: P10 is the 1st, P25 the 3rd (⌈2.5⌉), P50 the 5th, P90 the 9th.
        #expect([10, 25, 50, 90].map { OrderStatistics.nearestRank($0, count: 10) } == [1, 3, 5, 9])
        #expect(OrderStatistics.nearestRank(10, count: 1) == 1)
        #expect(OrderStatistics.nearestRank(1, count: 3) == 1)
        #expect(OrderStatistics.nearestRank(100, count: 3) == 3)
    }
}
