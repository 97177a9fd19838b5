// swift-tools-version:6.0
import PackageDescription

// Module graph (dependencies point one way):
//   optbench (CLI) → OptBenchRun → OptBench (core, no I/O) → CBLAS (OpenBLAS)
//                    OptBenchRun → HDF5 → CHDF5 (libhdf5)
let package = Package(
    name: "optbench",
    products: [
        .library(name: "OptBench", targets: ["OptBench"]),
        .library(name: "OptBenchRun", targets: ["OptBenchRun"]),
        .executable(name: "optbench", targets: ["optbench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CHDF5",
            pkgConfig: "hdf5",
            providers: [.apt(["libhdf5-dev"])]
        ),
        .target(name: "HDF5", dependencies: ["CHDF5"]),
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "OptBench",
            dependencies: ["CBLAS", .product(name: "RealModule", package: "swift-numerics")]
        ),
        .systemLibrary(name: "CTicks"),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "OptBenchRun",
            dependencies: ["OptBench", "HDF5", "CZlib", "CTicks", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "optbench",
            dependencies: ["OptBenchRun", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .target(name: "OptBenchTestSupport", dependencies: ["OptBench"]),
        .testTarget(name: "OptBenchTests", dependencies: ["OptBench", "OptBenchTestSupport"]),
        .testTarget(name: "HDF5Tests", dependencies: ["HDF5"]),
        .testTarget(name: "OptBenchRunTests", dependencies: ["OptBenchRun", "OptBenchTestSupport"]),
        .testTarget(name: "OptBenchCLITests", dependencies: ["OptBenchRun"]),
    ]
)
