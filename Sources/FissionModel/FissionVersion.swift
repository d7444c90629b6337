/// The tool's version, printed by `fission --version` and recorded with every run (`pipeline_runs.tool_version`,
/// `report_metadata`).
public enum FissionVersion {
    public static let string = "0.9.0"
}
