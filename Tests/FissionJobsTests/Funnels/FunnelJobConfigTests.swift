import FissionJobs
import FissionModel
import Foundation
import Testing

/// `jobs.funnels` as the pipeline reads it: through the registry, so unknown keys are rejected too.
struct FunnelJobConfigTests {
    func makeJob(_ funnels: String) throws(ConfigError) -> FunnelJob {
        let config = try! ConfigValue.parseObject(Data("{ funnels: \(funnels) }".utf8))
        return try JobRegistry.standard.makeJob(named: "funnels", value: config["funnels"]!, path: "jobs.funnels") as! FunnelJob
    }

    func errorKey(_ funnels: String) -> String? {
        do {
            _ = try makeJob(funnels)
            return nil
        } catch {
            return error.key
        }
    }

    @Test func readsDefaults() throws {
        let job = try makeJob(#"[{ name: "share", steps: ["view", { event: "share", where: { channel: "group" } }] }]"#)
        #expect(job.funnels == [
            FunnelDefinition(
                name: "share", steps: [EventFilter(event: "view"), EventFilter(event: "share", properties: ["channel": "group"])],
                windowSeconds: 7 * 86_400, order: .ordered, attempt: .all, exclusions: []
            ),
        ])
    }

    /// A funnel-level `where` is added to every step and exclusion; a step requiring another value is an error.
    @Test func funnelWhereAppliesToEveryStepAndExclusion() throws {
        let job = try makeJob(#"""
            [{ name: "campaign", steps: ["*", { event: "buy", where: { sku: "1" } }], where: { campaign: "x" },
               exclusions: [{ event: "cancel", from_step: 1, to_step: 2 }] }]
            """#)
        #expect(job.funnels[0].steps == [EventFilter(event: "*", properties: ["campaign": "x"]),
                                         EventFilter(event: "buy", properties: ["campaign": "x", "sku": "1"])])
        #expect(job.funnels[0].exclusions[0].event == EventFilter(event: "cancel", properties: ["campaign": "x"]))
        #expect(errorKey(#"[{ name: "f", steps: ["a", { event: "b", where: { campaign: "y" } }], where: { campaign: "x" } }]"#)
                == "jobs.funnels[0].steps[1]")
    }

    @Test func readsEveryOptionFromASingleObject() throws {
        let job = try makeJob("""
            { name: "checkout", steps: ["view", "cart", "buy"], window: "36h", order: "strict", attempt: "first_entry",
              exclusions: [{ event: { event: "cancel", where: { reason: "price" } }, from_step: 2, to_step: 3 }] }
            """)
        #expect(job.funnels == [
            FunnelDefinition(
                name: "checkout", steps: [EventFilter(event: "view"), EventFilter(event: "cart"), EventFilter(event: "buy")],
                windowSeconds: 36 * 3600, order: .strict, attempt: .firstEntry,
                exclusions: [.init(event: EventFilter(event: "cancel", properties: ["reason": "price"]), fromStep: 2, toStep: 3)]
            ),
        ])
    }

    @Test func readsSeveralFunnelsInConfigOrder() throws {
        let job = try makeJob(#"[{ name: "b", steps: ["x", "y"], order: "unordered" }, { name: "a", steps: ["y", "x"] }]"#)
        #expect(job.funnels.map(\.name) == ["b", "a"])
        #expect(job.funnels.map(\.order) == [.unordered, .ordered])
    }

    @Test(arguments: [
        (#"[{ name: "f", steps: ["a", "b"] }, { name: "f", steps: ["a", "b"] }]"#, "jobs.funnels[1].name"),
        (#"[{ steps: ["a", "b"] }]"#, "jobs.funnels[0].name"),
        (#"[{ name: "f" }]"#, "jobs.funnels[0].steps"),
        (#"[{ name: "f", steps: ["a"] }]"#, "jobs.funnels[0].steps"),
        (#"[{ name: "f", steps: "a" }]"#, "jobs.funnels[0].steps"),
        (#"[{ name: "f", steps: ["a", 3] }]"#, "jobs.funnels[0].steps[1]"),
        (#"[{ name: "f", steps: ["a", { event: "b", where: { x: [1] } }] }]"#, "jobs.funnels[0].steps[1].where.x"),
        (#"[{ name: "f", steps: ["a", "b"], window: "7 days" }]"#, "jobs.funnels[0].window"),
        (#"[{ name: "f", steps: ["a", "b"], window: "0d" }]"#, "jobs.funnels[0].window"),
        (#"[{ name: "f", steps: ["a", "b"], order: "loose" }]"#, "jobs.funnels[0].order"),
        (#"[{ name: "f", steps: ["a", "b"], attempt: "last" }]"#, "jobs.funnels[0].attempt"),
        (#"[{ name: "f", steps: ["a", "b"], windw: "7d" }]"#, "jobs.funnels[0].windw"),
        (#"[{ name: "f", steps: ["a", "b"], exclusions: [{ from_step: 1, to_step: 2 }] }]"#, "jobs.funnels[0].exclusions[0].event"),
        (#"[{ name: "f", steps: ["a", "b"], exclusions: [{ event: "x", from_step: 0, to_step: 2 }] }]"#, "jobs.funnels[0].exclusions[0].from_step"),
        (#"[{ name: "f", steps: ["a", "b"], exclusions: [{ event: "x", from_step: 1, to_step: 3 }] }]"#, "jobs.funnels[0].exclusions[0].to_step"),
        (#"[{ name: "f", steps: ["a", "b", "c"], exclusions: [{ event: "x", from_step: 2, to_step: 2 }] }]"#, "jobs.funnels[0].exclusions[0].to_step"),
        (#"[{ name: "f", steps: ["a", "b"], exclusions: [{ event: "x", from_step: 1, to_step: 2, step: 1 }] }]"#, "jobs.funnels[0].exclusions[0].step"),
    ])
    func errorsNameTheKey(_ funnels: String, _ key: String) {
        #expect(errorKey(funnels) == key)
    }
}
