import FissionTestSupport
import Testing

/// Help a newcomer can use: versions, per-command options, "did you mean".
struct HelpTests {
    @Test func versionPrintsTheToolVersion() throws {
        let result = try FissionBinary.run(["--version"])
        #expect(result.exitCode == 0)
        #expect(result.stdout.hasPrefix("fission 0."))
    }

    @Test(arguments: ["run", "rebuild", "prune", "generate", "dump"])
    func everyCommandDescribesItsOptions(_ command: String) throws {
        for flag in ["--help", "-h"] {
            let result = try FissionBinary.run([command, flag])
            #expect(result.exitCode == 0, "\(command) \(flag): \(result.stderr)")
            #expect(result.stdout.hasPrefix("usage: fission \(command)"))
            #expect(result.stdout.contains("exit codes:"))
        }
        #expect(try FissionBinary.run(["help", command]).stdout.hasPrefix("usage: fission \(command)"))
    }

    @Test func runHelpDescribesEveryOption() throws {
        let text = try FissionBinary.run(["run", "--help"]).stdout
        for option in ["--input", "--output", "--timezone", "--as-of"] { #expect(text.contains(option)) }
    }

    @Test func mistypedCommandsAndOptionsGetASuggestion() throws {
        let command = try FissionBinary.run(["rnu", "Pipelines/sample.json"])
        #expect(command.exitCode == 2)
        #expect(command.stderr.contains("unknown command 'rnu' (did you mean 'run'?)"))
        let option = try FissionBinary.run(["run", "Pipelines/sample.json", "--outptu", "x.sqlite"])
        #expect(option.exitCode == 2)
        #expect(option.stderr.contains("unknown option --outptu (did you mean --output?)"))
    }
}
