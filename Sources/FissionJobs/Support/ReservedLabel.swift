import FissionClean
import FissionModel

/// Keeps data values apart from the labels a report adds itself (`all`, `orphan`): a data value equal to a
/// reserved label is written with a leading `~` (a platform literally named `all` becomes `~all`).
enum ReservedLabel {
    static func escape(_ value: String, reserved: Set<String>) -> String {
        reserved.contains(value) || value.hasPrefix("~") ? "~" + value : value
    }

    /// The `platform` column of a table with an across-platforms total: `all` for a negative symbol (the total), else
    /// the platform's name, escaped.
    static func platform(_ symbol: Int32, in data: CleanDataset) -> String {
        symbol < 0 ? "all" : escape(data.symbols[Symbol(symbol)], reserved: ["all"])
    }
}
