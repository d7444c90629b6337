import FissionModel

/// An accepted, de-duplicated event in the compact form the reports read: fixed-width fields only (text as
/// `Symbol`s of the dataset's table, properties as a range of the dataset's property pairs), so copying one costs
/// no reference counting. 48 bytes.
public struct CleanEvent: Sendable, Equatable {
    public var time: Timestamp
    /// `props.amount` in minor units for `order_paid` and `refund`; zero otherwise.
    public var amount: MinorUnits
    /// Local day of `time` in the reporting time zone.
    public var day: LocalDate
    public var person: Int32
    public var account: Int32
    public var name: Symbol
    public var platform: Symbol
    /// `CleanDataset.properties[propertiesStart ..< propertiesStart + propertyCount]` are this event's kept properties.
    public var propertiesStart: Int32
    public var propertyCount: Int32
    public var kind: EventKind
    /// Not a system event (`system_events`): user activity.
    public var isActive: Bool
}
