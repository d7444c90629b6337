import FissionClean
import FissionModel

/// `identity_map` and `suspicious_identity_keys`: the identity stitching made visible. Always published.
///
/// - `identity_map`: one row per account (platform, account type, account id) with the person it belongs to,
///   so analysts can join any table keyed by person back to platform accounts.
/// - `suspicious_identity_keys`: `union_id` values that were not used to link accounts (placeholders, or linking
///   more than `identity.max_accounts_per_union_id` accounts), and devices (`platform`, `anonymous_id`) logged in as
///   more than `identity.max_accounts_per_device` accounts, with how many accounts and events carried them.
public struct IdentityTablesJob: AggregateJob {
    public static let name = "identity"
    public var name: String { Self.name }

    public static let mapSchema = TableSchema(
        name: "identity_map",
        columns: [ColumnSpec("platform", .text), ColumnSpec("account_type", .text), ColumnSpec("account_id", .text),
                  ColumnSpec("person_key", .text)],
        primaryKey: ["platform", "account_type", "account_id"]
    )
    public static let suspiciousSchema = TableSchema(
        name: "suspicious_identity_keys",
        columns: [ColumnSpec("key_type", .text), ColumnSpec("platform", .text), ColumnSpec("key", .text),
                  ColumnSpec("reason", .text), ColumnSpec("accounts", .integer), ColumnSpec("events", .integer)],
        primaryKey: ["key_type", "platform", "key"]
    )

    public init() {}

    public func run(_ data: CleanDataset) -> JobOutput {
        let ids = data.identities
        let map: [[SQLValue]] = ids.accounts.indices.map { i in
            let a = ids.accounts[i]
            return [.text(a.platform), .text(a.kind.rawValue), .text(a.id), .text(ids.personKeys[Int(ids.accountPerson[i])])]
        }
        let suspicious: [[SQLValue]] = ids.suspiciousKeys.map {
            [.text($0.keyType.rawValue), .text($0.platform), .text($0.key), .text($0.reason.rawValue), .int($0.accounts), .int($0.events)]
        }
        return JobOutput(
            tables: [ReportTable(schema: Self.mapSchema, rows: map), ReportTable(schema: Self.suspiciousSchema, unsortedRows: suspicious)],
            metrics: [
                RunMetric(job: name, name: "persons", value: Int64(data.personCount)),
                RunMetric(job: name, name: "accounts", value: Int64(ids.accounts.count)),
                RunMetric(job: name, name: "suspicious_identity_keys", value: Int64(ids.suspiciousKeys.count)),
            ]
        )
    }
}
