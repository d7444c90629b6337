import Foundation
import Testing

/// The raw CDNOW sample (Fader & Hardie's CD retailer, 2,357 customers), shipped with the Python `lifetimes` package:
/// found in `FISSION_CDNOW_DIR`, else in the `datasets` folder of an installed `lifetimes`. Tests that need it are
/// skipped, saying why, when it is in neither.
public enum CDNOWData {
    public static let sampleFile: URL? = {
        var directories: [String] = []
        if let dir = ProcessInfo.processInfo.environment["FISSION_CDNOW_DIR"], !dir.isEmpty { directories.append(dir) }
        if let dir = lifetimesDirectory() { directories.append(dir + "/datasets") }
        return directories.map { URL(fileURLWithPath: $0).appendingPathComponent("CDNOW_sample.txt") }
            .first { FileManager.default.isReadableFile(atPath: $0.path) }
    }()

    public static let missingReason: Comment = "CDNOW_sample.txt not found: set FISSION_CDNOW_DIR or pip install lifetimes"

    static func lifetimesDirectory() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import lifetimes, os; print(os.path.dirname(lifetimes.__file__))"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return path.isEmpty ? nil : path
    }
}
