/// Keeps data values apart from the labels a report adds itself (`all`, `orphan`): a data value equal to a
/// reserved label is written with a leading `~` (a platform literally named `all` becomes `~all`).
enum ReservedLabel {
    static func escape(_ value: String, reserved: Set<String>) -> String {
        reserved.contains(value) || value.hasPrefix("~") ? "~" + value : value
    }
}
