import FissionIngest
import FissionModel
import Foundation
import Testing

extension Fixtures {
    /// Decodes `Tests/Fixtures/<name>.jsonl` with the real event decoder; every line must be accepted.
    public static func events(jsonl name: String) -> [Event] {
        let url = FissionBinary.packageRoot.appendingPathComponent("Tests/Fixtures/\(name).jsonl")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing fixture \(url.path)")
            return []
        }
        let decoder = EventDecoder()
        return text.split(separator: "\n").enumerated().compactMap { number, line in
            let bytes = Array(line.utf8)
            switch bytes.withUnsafeBufferPointer({ decoder.decode($0) }) {
            case .success(let event):
                return event
            case .failure(let failure):
                Issue.record("\(name).jsonl line \(number + 1): \(failure.reason)")
                return nil
            }
        }
    }
}
