// swift-tools-version:6.0
import PackageDescription

// Benchmarks live in their own package so the test build never compiles them:
//   swift run -c release --package-path Benchmarks optbench-bench [name…]
let package = Package(
    name: "optbench-benchmarks",
    dependencies: [.package(name: "optbench", path: "..")],
    targets: [
        .executableTarget(
            name: "optbench-bench",
            dependencies: [
                .product(name: "OptBench", package: "optbench"),
                .product(name: "OptBenchRun", package: "optbench"),
            ],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        ),
    ]
)
