import FissionModel

/// The one time-based rejection: an event further past the run's wall clock than `max_future_skew` comes from a
/// device clock that cannot be trusted, and is rejected as `future_timestamp`. (Events outside the report window are
/// not bad data; see `DataScope`.)
public struct FutureSkewRule: Sendable, Equatable {
    /// Latest accepted instant (wall clock plus skew); nil means no limit.
    public var latestTime: Timestamp?

    public init(latestTime: Timestamp? = nil) {
        self.latestTime = latestTime
    }

    /// `future_timestamp` and the limit the event broke, or nil when it is acceptable.
    public func reason(for time: Timestamp) -> (RejectReason, String)? {
        guard let latestTime, time > latestTime else { return nil }
        return (.futureTimestamp, "later than \(latestTime) (run clock + max_future_skew)")
    }
}
