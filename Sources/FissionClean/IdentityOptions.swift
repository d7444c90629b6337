/// Guards against `union_id` values that would wrongly merge many accounts into one person.
public struct IdentityOptions: Sendable, Equatable {
    /// Values never used as a link (compared case-insensitively after trimming spaces).
    public var placeholderUnionIDs: Set<String>
    /// A `union_id` seen on more accounts than this is ignored as implausible.
    public var maxAccountsPerUnionID: Int
    /// Keys that together link more accounts than this into one person are all ignored.
    public var maxAccountsPerPerson: Int
    /// A device (`platform`, `anonymous_id`) seen logged in as more than this many `user_id`s is a shared or fake id
    /// (a kiosk, an SDK default): its anonymous events stay on its anonymous account instead of being credited to
    /// the first login.
    public var maxAccountsPerDevice: Int

    public static let defaultPlaceholders: Set<String> = ["", "null", "undefined", "none", "nil", "0", "-1", "unknown", "n/a"]

    public init(placeholderUnionIDs: Set<String> = IdentityOptions.defaultPlaceholders, maxAccountsPerUnionID: Int = 20,
                maxAccountsPerPerson: Int = 50, maxAccountsPerDevice: Int = 10) {
        self.placeholderUnionIDs = placeholderUnionIDs
        self.maxAccountsPerUnionID = maxAccountsPerUnionID
        self.maxAccountsPerPerson = maxAccountsPerPerson
        self.maxAccountsPerDevice = maxAccountsPerDevice
    }
}

/// An identity key that was not used, and why: a `union_id` not used to link accounts, or a device
/// (`platform`, `anonymous_id`) whose anonymous events were not credited to a login.
public struct SuspiciousIdentityKey: Sendable, Equatable {
    public enum KeyType: String, Sendable {
        case unionID = "union_id"
        case anonymousID = "anonymous_id"
    }
    public enum Reason: String, Sendable {
        case placeholder
        case tooManyAccounts = "too_many_accounts"
        case componentTooLarge = "component_too_large"
    }
    public var keyType: KeyType
    /// The device's platform; empty for a `union_id` (which links across platforms).
    public var platform: String
    public var key: String
    public var reason: Reason
    public var accounts: Int
    public var events: Int

    public init(keyType: KeyType = .unionID, platform: String = "", key: String, reason: Reason, accounts: Int, events: Int) {
        self.keyType = keyType
        self.platform = platform
        self.key = key
        self.reason = reason
        self.accounts = accounts
        self.events = events
    }
}
