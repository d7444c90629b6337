import FissionIngest
import FissionModel
import FissionPipeline
import FissionTestSupport
import Testing

struct PipelineConfigTests {
    func load(_ text: String, overrides: ConfigOverrides = ConfigOverrides()) -> Result<PipelineConfig, PipelineError> {
        let dir = TemporaryDirectory()
        dir.write("events/a.jsonl.gz", bytes: Fixtures.gzip(lines: []))
        let path = dir.write("pipelines/p.json", text: text)
        return catchingPipelineError { try PipelineConfig.load(path: path, overrides: overrides) }
    }

    func error(_ text: String) -> String? {
        if case .failure(let e) = load(text) {
            #expect(e.exitCode == 2)
            return "\(e)"
        }
        return nil
    }

    @Test func readsJSON5WithDefaults() throws {
        let config = try load("""
            // nightly
            { inputs: ["../events"], database: "../out/r.sqlite", jobs: { daily_activity: {} }, }
            """).get()
        #expect(config.name == "p")
        #expect(config.inputs.count == 1 && config.inputs[0].hasSuffix("/pipelines/../events"))
        #expect(config.database.hasSuffix("/pipelines/../out/r.sqlite"))
        #expect(config.timeZone == "Asia/Shanghai")
        #expect(config.maxRejectRatio == 0.01)
        #expect(config.decode.maxLineBytes == 1 << 20)
        #expect(config.systemEvents == ["push_sent"])
        #expect(config.jobs.map(\.name) == ["daily_activity"])
        #expect(config.sha256.count == 64)
    }

    /// The clean stage keeps only the properties the configured jobs read.
    @Test func propertyKeysAreWhatTheJobsRead() throws {
        let config = try load("""
            { inputs: ["../events"], database: "d.sqlite", jobs: { daily_activity: {}, share_funnel: {}, ltv: {},
              retention: { cohort_event: { event: "*", where: { src: "ad" } } },
              funnels: [{ name: "f", steps: ["a", { event: "b", where: { sku: "1" } }], where: { campaign: "x" },
                          exclusions: [{ event: { event: "c", where: { reason: "r" } }, from_step: 1, to_step: 2 }] }] } }
            """).get()
        #expect(config.propertyKeys == ["share_id", "channel", "scene", "order_id", "src", "sku", "campaign", "reason"])
    }

    @Test func overridesReplaceConfigValues() throws {
        let config = try load(#"{"inputs":["x"],"database":"d.sqlite","timezone":"UTC","jobs":{"daily_activity":{}}}"#,
                              overrides: ConfigOverrides(inputs: ["a", "b"], database: "o.sqlite", timeZone: "Europe/Paris")).get()
        #expect(config.inputs == ["a", "b"])
        #expect(config.database == "o.sqlite")
        #expect(config.timeZone == "Europe/Paris")
    }

    @Test func currencyAndRates() throws {
        let config = try load(#"{"inputs":["x"],"database":"d","currency":"usd","currency_rates":{"cny":"0.1408"},"jobs":{"daily_activity":{}}}"#).get()
        #expect(config.decode.currency == "USD")
        #expect(config.decode.currencyRates == ["CNY": ExchangeRate(decimal: "0.1408")!])
        #expect(error(#"{"inputs":["x"],"database":"d","currency_rates":{"EUR":7.9},"jobs":{"daily_activity":{}}}"#)?
                .contains("key 'currency_rates.EUR': expected a positive decimal string") == true)
    }

    @Test func errorsNameTheFileAndKey() {
        let base = #""inputs":["../events"],"database":"d.sqlite","jobs":{"daily_activity":{}}"#
        #expect(error("{\(base),\"max_reject_ratoi\":0.1}")?.contains("p.json: key 'max_reject_ratoi': unknown key") == true)
        #expect(error("{\(base),\"max_reject_ratio\":\"high\"}")?.contains("key 'max_reject_ratio': expected a number, got a string") == true)
        #expect(error("{\(base),\"timezone\":\"Mars/Base\"}")?.contains("key 'timezone': unknown time zone") == true)
        #expect(error("{\(base),\"date_range\":{\"start\":\"2025-06-31\"}}")?.contains("key 'date_range.start'") == true)
        #expect(error(#"{"inputs":["x"],"database":"d","jobs":{"daily_activity":{"colour":1}}}"#)?.contains("key 'jobs.daily_activity.colour': unknown key") == true)
        #expect(error(#"{"inputs":["x"],"database":"d","jobs":{"retention_typo":{}}}"#)?.contains("key 'jobs.retention_typo': unknown job") == true)
        #expect(error(#"{"database":"d","jobs":{}}"#)?.contains("key 'inputs'") == true)
        #expect(error("{ not json")?.contains("p.json") == true)
        #expect(error("{\(base),\"max_line_bytes\":9223372036854775807}")?.contains("key 'max_line_bytes': must be between") == true)
        #expect(error("{\(base),\"date_range\":{\"start\":\"-99999999999d\"}}")?.contains("key 'date_range.start'") == true)
        #expect(error("{\(base),\"history\":\"last year\"}")?.contains("key 'history': expected YYYY-MM-DD") == true)
        #expect(error(#"{"inputs":["x"],"database":"d","jobs":{"platform_overlap":{"window_days":3000000000}}}"#)?
                .contains("key 'jobs.platform_overlap.window_days': must be between 1 and 36500") == true)
    }

    @Test func unreadableConfigIsAConfigError() {
        let result = catchingPipelineError { try PipelineConfig.load(path: "/nonexistent/p.json") }
        guard case .failure(let e) = result else { Issue.record("loaded a missing file"); return }
        #expect(e.exitCode == 2)
        #expect("\(e)".contains("/nonexistent/p.json"))
    }

    /// Every config in Pipelines/ must load: they are what the data team copies.
    @Test(arguments: ["sample.json", "nightly.json"])
    func shippedConfigsLoad(_ name: String) throws {
        let path = FissionBinary.packageRoot.appendingPathComponent("Pipelines/\(name)").path
        let config = try catchingPipelineError { try PipelineConfig.load(path: path) }.get()
        #expect(config.jobs.map(\.name) == ["retention", "share_funnel", "share_cascades", "group_buys", "bargains", "distribution", "commerce", "repurchase", "lifecycle", "push_fatigue", "funnels", "ltv", "clv", "platform_overlap", "daily_activity"])
    }
}
