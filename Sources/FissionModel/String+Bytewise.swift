extension String {
    /// Byte-wise (UTF-8) order, as SQLite's BINARY collation and `memcmp` order text; Swift's `<` orders by Unicode
    /// canonical equivalence instead. Content order (`EventBatch.contentPrecedes`, `CleanDataset.contentPrecedes`)
    /// compares `event_id`s with it.
    public func bytewisePrecedes(_ other: String) -> Bool {
        utf8.lexicographicallyPrecedes(other.utf8)
    }
}
