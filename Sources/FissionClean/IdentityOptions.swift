/// Guards against `union_id` values that would wrongly merge many accounts into one person.
public struct IdentityOptions: Sendable, Equatable {
    /// Values never used as a link (compared case-insensitively after trimming spaces).
    public var placeholderUnionIDs: Set<String>
    /// A `union_id` seen on more accounts than this is ignored as implausible.
    public var maxAccountsPerUnionID: Int
    /// Keys that together link more accounts than this into one person are all ignored.
    public var maxAccountsPerPerson: Int

    public static let defaultPlaceholders: Set<String> = ["", "null", "undefined", "none", "nil", "0", "-1", "unknown", "n/a"]

    public init(placeholderUnionIDs: Set<String> = IdentityOptions.defaultPlaceholders, maxAccountsPerUnionID: Int = 20,
                maxAccountsPerPerson: Int = 50) {
        self.placeholderUnionIDs = placeholderUnionIDs
        self.maxAccountsPerUnionID = maxAccountsPerUnionID
        self.maxAccountsPerPerson = maxAccountsPerPerson
    }
}

/// A `union_id` that was not used to link accounts, and why.
public struct SuspiciousIdentityKey: Sendable, Equatable {
    public enum Reason: String, Sendable {
        case placeholder
        case tooManyAccounts = "too_many_accounts"
        case componentTooLarge = "component_too_large"
    }
    public var unionID: String
    public var reason: Reason
    public var accounts: Int
    public var events: Int
}
