import FissionGzip
import FissionTestSupport
import Foundation
import Testing

struct GenerateCommandTests {
    /// Decompressed contents of every file under `root`, keyed by relative path.
    func contents(under root: URL) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        let walker = FileManager.default.enumerator(atPath: root.path)
        while let relative = walker?.nextObject() as? String {
            guard relative.hasSuffix(".jsonl.gz") else { continue }
            var bytes: [UInt8] = []
            let outcome = GzipReader.read(path: root.appendingPathComponent(relative).path) { bytes.append(contentsOf: $0) }
            guard case .complete = outcome else {
                Issue.record("\(relative): \(outcome)")
                continue
            }
            out[relative] = bytes
        }
        return out
    }

    @Test func committedSampleDataIsWhatTheGeneratorWrites() throws {
        let dir = TemporaryDirectory()
        let result = try FissionBinary.run(["generate", "--persons", "1000", "--days", "45", "--seed", "7",
                                            "--start", "2025-06-01", "--out", dir.path("events")])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let generated = contents(under: dir.url.appendingPathComponent("events"))
        let committed = contents(under: FissionBinary.packageRoot.appendingPathComponent("SampleData/events"))
        #expect(generated.count > 50)
        #expect(generated.keys.sorted() == committed.keys.sorted())
        for (path, bytes) in generated where committed[path] != bytes {
            Issue.record("\(path) differs from the committed sample data; run scripts/regenerate-sample-data.sh")
        }
    }
}
