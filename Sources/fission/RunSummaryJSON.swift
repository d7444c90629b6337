import FissionPipeline
import Foundation

/// `fission run --json`: the run summary as one JSON object on stdout, for schedulers and wrappers. The shape is
/// documented by `docs/run-summary.schema.json`; keys are sorted so the output is stable.
enum RunSummaryJSON {
    static let meanings: [Int32: String] = [
        0: "succeeded", 1: "data failure: nothing published", 2: "usage or config error: nothing written",
        3: "I/O error", 4: "succeeded with warnings", 5: "another run holds the database",
    ]

    static func object(_ s: RunSummary) -> [String: Any] {
        [
            "status": s.exitCode == 0 ? "succeeded" : "succeeded_with_warnings",
            "exit_code": Int(s.exitCode),
            "exit_meaning": meanings[s.exitCode] ?? "",
            "run_id": Int(s.runID),
            "database": s.database,
            "mode": s.mode,
            "accounting": [
                "files_read": s.files, "files_already_ingested": s.filesAlreadyIngested, "files_redelivered": s.filesRedelivered,
                "lines_read": s.linesRead, "events_accepted": s.eventsAccepted, "duplicates_dropped": s.duplicatesDropped,
                "lines_rejected": s.linesRejected, "events_outside_window": s.eventsOutsideWindow, "events_ignored": s.eventsIgnored,
                "persons": s.persons,
            ],
            "warnings": s.damagedFiles.map { ["kind": "file_\($0.status)", "subject": $0.path, "detail": $0.error] }
                + s.partitionWarnings.map { ["kind": "partition", "subject": "", "detail": $0] },
            "notes": s.notes,
            "stage_seconds": Dictionary(s.stageSeconds.map { ($0.stage, $0.seconds) }, uniquingKeysWith: +),
            "elapsed_seconds": s.elapsedSeconds,
            "tables": Dictionary(s.tables.map { ($0.name, $0.rows) }, uniquingKeysWith: +),
            "headline": s.headline,
        ]
    }

    /// A run that stopped with an error: status, exit code and message.
    static func object(_ error: PipelineError) -> [String: Any] {
        ["status": "failed", "exit_code": Int(error.exitCode), "exit_meaning": meanings[error.exitCode] ?? "", "error": "\(error)"]
    }

    static func print(_ object: [String: Any]) {
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }
}
