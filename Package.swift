// swift-tools-version:6.0
import PackageDescription

// Module graph (dependencies point one way):
//   optbench (CLI) → OptBenchRun → OptBench (core, no I/O) → CBLAS (OpenBLAS)
//                    OptBenchRun → HDF5 → CHDF5 (libhdf5), CZlib (zlib: chunks encoded off the HDF5 thread)
// Code generation for a CPU. `OPTBENCH_TARGET_CPU=native swift build` compiles the hot loops
// for the build machine's vector width (AVX2/AVX-512 on x86-64): 2–3× on compute-bound optimizer
// steps, and the binary then runs only on CPUs that have those instructions. Unset, the build is
// portable. Both give bit-identical results: every kernel is per-element IEEE arithmetic, and
// Swift never contracts a·b + c into a fused multiply-add. scripts/optbench and the benchmarks
// build natively; scripts/test builds portably. (docs/performance.md)
let targetCPU: [SwiftSetting] = Context.environment["OPTBENCH_TARGET_CPU"].map { cpu in
    [.unsafeFlags(["-target-cpu", cpu])]
} ?? []

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
        .target(name: "HDF5", dependencies: ["CHDF5", "CZlib"]),
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "OptBench",
            dependencies: ["CBLAS", "CVectorMath", .product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: targetCPU
        ),
        .systemLibrary(name: "CVectorMath"),
        .systemLibrary(name: "CTicks"),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "OptBenchRun",
            dependencies: ["OptBench", "HDF5", "CZlib", "CTicks", .product(name: "Yams", package: "Yams")],
            swiftSettings: targetCPU
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
