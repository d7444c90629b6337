// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way:
//   fission (CLI) → FissionPipeline → {FissionIngest, FissionClean, FissionJobs, FissionState} → FissionModel
//   FissionJobs → FissionPredict (the buy-till-you-die models; Foundation only)
//   FissionState → FissionStore → CSQLite;  FissionIngest → FissionGzip → CZlib
let package = Package(
    name: "Fission",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "fission", targets: ["fission"]),
    ],
    targets: [
        // MARK: - C system libraries
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // MARK: - Core model and stages
        .target(name: "FissionModel"),
        .target(name: "FissionGzip", dependencies: ["CZlib"]),
        .target(name: "FissionIngest", dependencies: ["FissionModel", "FissionGzip"]),
        .target(name: "FissionClean", dependencies: ["FissionModel"]),
        .target(name: "FissionJobs", dependencies: ["FissionModel", "FissionClean", "FissionPredict"]),
        .target(name: "FissionStore", dependencies: ["FissionModel", "CSQLite"]),
        .target(name: "FissionState", dependencies: ["FissionModel", "FissionStore"]),
        .target(name: "FissionReportPage", dependencies: ["FissionModel", "FissionStore"]),
        .target(name: "FissionPredict"),
        .target(name: "FissionSampleData", dependencies: ["FissionModel"]),
        .target(
            name: "FissionPipeline",
            dependencies: ["FissionModel", "FissionIngest", "FissionClean", "FissionJobs", "FissionStore", "FissionState"]
        ),

        // MARK: - Command line
        .executableTarget(name: "fission", dependencies: ["FissionPipeline", "FissionSampleData", "FissionGzip", "FissionReportPage"]),

        // MARK: - Tests
        .target(name: "FissionTestSupport", dependencies: ["FissionModel", "FissionGzip", "FissionIngest"], path: "Tests/FissionTestSupport"),
        .testTarget(name: "FissionModelTests", dependencies: ["FissionModel"]),
        .testTarget(name: "FissionGzipTests", dependencies: ["FissionGzip", "FissionTestSupport"]),
        .testTarget(name: "FissionIngestTests", dependencies: ["FissionIngest", "FissionTestSupport"]),
        .testTarget(name: "FissionCleanTests", dependencies: ["FissionClean", "FissionTestSupport"]),
        .testTarget(name: "FissionJobsTests", dependencies: ["FissionJobs", "FissionClean", "FissionTestSupport"]),
        .testTarget(name: "FissionStoreTests", dependencies: ["FissionStore"]),
        .testTarget(name: "FissionStateTests", dependencies: ["FissionState", "FissionStore", "FissionTestSupport"]),
        .testTarget(name: "FissionPipelineTests", dependencies: ["FissionPipeline", "FissionIngest", "FissionTestSupport"]),
        .testTarget(name: "FissionSampleDataTests", dependencies: ["FissionSampleData"]),
        .testTarget(name: "fissionCLITests", dependencies: ["fission", "FissionStore", "FissionPredict", "FissionTestSupport"]),
        .testTarget(name: "FissionReportPageTests", dependencies: ["FissionReportPage", "FissionStore", "FissionTestSupport"]),
        .testTarget(name: "FissionPredictTests", dependencies: ["FissionPredict", "FissionTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
    ]
}
