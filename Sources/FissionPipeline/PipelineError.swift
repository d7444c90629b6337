import FissionModel

/// Why `fission run` stopped, and the exit code each cause maps to.
public enum PipelineError: Error, Sendable, CustomStringConvertible {
    /// Bad command line (exit 2).
    case usage(String)
    /// The config file is unreadable or wrong, or names inputs that do not exist (exit 2). Nothing is written.
    case config(file: String, ConfigError)
    /// A file or the database could not be read or written (exit 3).
    case io(String)
    /// The data failed a check, e.g. too many rejected lines (exit 1). The run is recorded as failed.
    case data(String)
    /// Another run holds the database (exit 5). Nothing is changed.
    case busy(String)

    /// The run published its reports, but some input could not be read whole (`succeeded_with_warnings`).
    public static let warningsExitCode: Int32 = 4

    public var exitCode: Int32 {
        switch self {
        case .data: 1
        case .usage, .config: 2
        case .io: 3
        case .busy: 5
        }
    }

    public var description: String {
        switch self {
        case .usage(let message): "usage error: \(message)"
        case .config(let file, let error): "config error in \(file): \(error)"
        case .io(let message): "I/O error: \(message)"
        case .data(let message): "data error: \(message)"
        case .busy(let message): message
        }
    }
}
