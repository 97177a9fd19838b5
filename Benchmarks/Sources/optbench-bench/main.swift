// optbench's benchmarks (not tests): `swift run -c release --package-path Benchmarks optbench-bench [name…]`.
// Every figure is a median of repeated measurements; ratios are measured side by side in one
// process, since absolute times on a shared machine drift between runs.
import Foundation
import OptBench
import OptBenchRun

let benchmarks: [String: () throws -> Void] = [
    "logging": LoggingBenchmark.run,
    "memory": MemoryBenchmark.run,
    "network": NetworkBenchmark.run,
]

let requested = CommandLine.arguments.dropFirst()
let names = requested.isEmpty ? benchmarks.keys.sorted() : Array(requested)
for name in names {
    guard let benchmark = benchmarks[name] else {
        FileHandle.standardError.write(Data("unknown benchmark '\(name)'; expected one of \(benchmarks.keys.sorted().joined(separator: ", "))\n".utf8))
        exit(2)
    }
    try benchmark()
}
