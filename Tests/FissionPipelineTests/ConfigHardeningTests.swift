import FissionModel
import FissionPipeline
import FissionTestSupport
import Testing

/// Config edges found by attacking the release binary (hardening issue, items 10 and 12): each is a config error
/// (exit 2) naming the key, never a silent default or a later failure.
struct ConfigHardeningTests {
    let configTests = PipelineConfigTests()
    let base = #"inputs: ["../events"], database: "../out/r.sqlite", jobs: { daily_activity: {} }"#

    @Test func duplicateKeyNamesTheKeyAndBothLines() {
        let text = """
            {
              max_reject_ratio: 0.0,
              \(base),
              "max_reject_ratio": 1.0,
            }
            """
        #expect(configTests.error(text)?.hasSuffix("key 'max_reject_ratio': written twice, on lines 2 and 4: keep one") == true)
    }

    @Test func duplicateKeyInsideAJobNamesItsPath() {
        let text = """
            { inputs: ["../events"], database: "../out/r.sqlite",
              // a comment with max_offset: 1 and a "string: with colon"
              jobs: { ltv: { max_offset: 30, /* max_offset: 2 */
                             max_offset: 60 } } }
            """
        #expect(configTests.error(text)?.hasSuffix("key 'jobs.ltv.max_offset': written twice, on lines 3 and 4: keep one") == true)
    }

    @Test func sameKeyInDifferentObjectsIsFine() throws {
        let text = #"{ inputs: ["../events"], database: "../out/r.sqlite", name: "x", identity: { max_accounts_per_person: 5 }, jobs: { retention: [{ name: "a" }, { name: "b" }] } }"#
        _ = try configTests.load(text).get()
    }

    @Test func emptyDatabaseIsAConfigError() {
        #expect(configTests.error(#"{ inputs: ["../events"], database: "", jobs: { daily_activity: {} } }"#)?
            .hasSuffix("key 'database': must be a path, not empty") == true)
    }

    @Test func emptyOrMalformedCurrencyIsAConfigError() {
        #expect(configTests.error("{ \(base), currency: \"\" }")?.contains("key 'currency': expected a three-letter currency code") == true)
        #expect(configTests.error("{ \(base), currency: \"C N\" }")?.contains("key 'currency'") == true)
        #expect(configTests.error("{ \(base), currency_rates: { \"\": \"7.1\" } }")?.contains("three-letter currency code as the key") == true)
    }

    @Test func rateJustAboveTheDocumentedLimitIsRefused() throws {
        #expect(configTests.error("{ \(base), currency_rates: { USD: \"100000.000001\" } }")?.contains("key 'currency_rates.USD'") == true)
        let config = try configTests.load("{ \(base), currency_rates: { USD: \"100000.000000\" } }").get()
        #expect(config.decode.currencyRates["USD"]?.micros == 100_000_000_000)
    }

    @Test func noJobsIsAConfigError() {
        #expect(configTests.error(#"{ inputs: ["../events"], database: "../out/r.sqlite", jobs: {} }"#)?
            .contains("key 'jobs': names no job") == true)
    }
}
