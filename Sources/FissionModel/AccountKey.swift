import Foundation

/// A platform account: `(platform, user_id)`, or `(platform, anonymous_id)` for a device never seen logged in.
public struct AccountKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Comparable {
        case user
        case anonymous = "anon"
        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs == .user && rhs == .anonymous }
    }

    public var platform: String
    public var kind: Kind
    public var id: String

    public init(platform: String, kind: Kind, id: String) {
        self.platform = platform
        self.kind = kind
        self.id = id
    }

    public static func < (lhs: AccountKey, rhs: AccountKey) -> Bool {
        (lhs.platform, lhs.kind, lhs.id) < (rhs.platform, rhs.kind, rhs.id)
    }

    /// `wechat:user:wx-o-81f2`, `web:anon:dev-77a1`. A `%` or `:` inside the platform is percent-encoded, so
    /// distinct accounts never share a key (the id, last, may contain anything).
    public var description: String {
        let needsEscape = platform.utf8.contains { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: ":") }
        let safePlatform = needsEscape
            ? platform.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: ":", with: "%3A") : platform
        return "\(safePlatform):\(kind.rawValue):\(id)"
    }
}
