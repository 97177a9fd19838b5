// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets live in their own package so the test build never compiles them.
// scripts/fuzz builds and runs them (docs/reliability.md, "Fuzzing"); by hand, from the root:
//   swift build -c release --package-path Fuzz --scratch-path .build/fuzz \
//       --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address
//   .build/fuzz/release/fuzz-suite SCRATCH_CORPUS_DIR Fuzz/Corpus/fuzz-suite -max_total_time=60
// (--sanitize alone hands swiftc two -sanitize= options and only the last counts: the Swift
// code would get no coverage.) Each target is one file without main.swift, compiled as a
// library; libFuzzer supplies main() and calls LLVMFuzzerTestOneInput.
let fuzzTargets = ["fuzz-suite", "fuzz-csv", "fuzz-idx", "fuzz-results"]

let package = Package(
    name: "optbench-fuzz",
    dependencies: [.package(name: "optbench", path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
    ] + fuzzTargets.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                "FuzzSupport",
                .product(name: "OptBench", package: "optbench"),
                .product(name: "OptBenchRun", package: "optbench"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    }
)
