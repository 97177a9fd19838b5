// optbench's benchmarks (not tests): `swift run -c release --package-path Benchmarks optbench-bench [name…] [options]`.
// Every figure is a median of repeated measurements; ratios are measured side by side in one
// process, since absolute times on a shared machine drift between runs. `--json` prints one
// JSON object per measurement, the format `scripts/compare-peers` reads.
import Foundation

let benchmarks: [String: (BenchmarkOptions) throws -> Void] = [
    "step": StepBenchmark.run,
    "rosenbrock": LoggingBenchmark.run,
    "memory": { _ in try MemoryBenchmark.run() },
    "network": NetworkBenchmark.run,
]
let aliases = ["logging": "rosenbrock", "mlp": "network", "cnn": "network"]

do {
    var options = try BenchmarkOptions(Array(CommandLine.arguments.dropFirst()))
    if options.names.isEmpty { options.names = benchmarks.keys.sorted() }
    var ran: Set<String> = []
    for name in options.names {
        let resolved = aliases[name] ?? name
        guard let benchmark = benchmarks[resolved] else {
            let known = (Array(benchmarks.keys) + Array(aliases.keys)).sorted()
            throw BenchmarkError("unknown benchmark '\(name)'; expected one of \(known.joined(separator: ", "))")
        }
        if ran.insert(resolved).inserted { try benchmark(options) }
    }
} catch {
    FileHandle.standardError.write(Data("optbench-bench: \(error)\n".utf8))
    exit(2)
}
