import FissionGzip
import FissionModel
import FissionPipeline
import FissionSampleData
import Foundation

/// `fission generate`: writes a deterministic synthetic data set of gzip'd JSON Lines files.
enum GenerateCommand {
    static func main(_ arguments: ArgumentList) throws -> Int32 {
        var args = arguments
        var spec = SampleDataSpec()
        if let n = try args.int("--persons") {
            guard (1...1_000_000).contains(n) else { throw PipelineError.usage("--persons must be between 1 and 1000000") }
            spec.persons = n
        }
        if let n = try args.int("--days") {
            guard (1...3660).contains(n) else { throw PipelineError.usage("--days must be between 1 and 3660") }
            spec.days = n
        }
        if let n = try args.int("--seed") { spec.seed = UInt64(n) }
        if let start = try args.value("--start") {
            guard LocalDate(iso: start) != nil else { throw PipelineError.usage("--start needs a date YYYY-MM-DD, got '\(start)'") }
            spec.startDate = start
        }
        if args.flag("--no-bad-lines") { spec.includeBadLines = false }
        let out = try args.value("--out") ?? "SampleData/events"
        guard try args.positionals().isEmpty else { throw PipelineError.usage("generate takes no positional arguments") }

        let files = SampleGenerator.generate(spec)
        var bytes = 0
        for file in files {
            let url = URL(fileURLWithPath: out).appendingPathComponent(file.relativePath)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                var data: [UInt8] = []
                for member in file.members { data += try GzipWriter.compress(member, level: 9) }
                try Data(data).write(to: url)
                bytes += data.count
            } catch {
                throw PipelineError.io("cannot write \(url.path): \(error)")
            }
        }
        print("wrote \(files.count) files, \(bytes) bytes under \(out)")
        return 0
    }
}
