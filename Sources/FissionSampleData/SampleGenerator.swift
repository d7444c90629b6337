/// Deterministic generator of realistic synthetic social-commerce behaviour logs.
///
/// It simulates people with power-law activity on 1–3 platforms (linked by `union_id`), anonymous
/// browsing before signup, sessions, pushes, a share → open → signup → order funnel, group buys,
/// orders and refunds; then writes JSON Lines per local day, with deliberate bad lines if asked.
public enum SampleGenerator {
    /// The files of a data set; the same spec always gives byte-identical output.
    /// Returns no files when `persons` or `days` is not positive.
    public static func generate(_ spec: SampleDataSpec) -> [SampleFile] {
        guard spec.persons > 0, spec.days > 0 else { return [] }
        var simulation = Simulation(spec: spec)
        simulation.run()
        var orderIDs = simulation.ids.order
        let layout = FileLayout(
            events: simulation.events, accounts: simulation.accounts, clock: simulation.clock, spec: spec,
            orderIDs: &orderIDs
        )
        return layout.files(clock: simulation.clock)
    }
}
