import Foundation
import OptBench

/// Optimizer step throughput on N parameters with a fixed gradient, and a STREAM-like copy and
/// triad at the same N and precision, so every optimizer figure is also a fraction of the
/// machine's measured memory bandwidth (one thread, as every optbench run).
///
/// Traffic is the minimum an update must move, as STREAM counts it (no write-allocate): the
/// parameters, the gradient and each state array are read, the parameters and each state array
/// written. Adam: p, g, m, v read, p, m, v written = 7 arrays.
enum StepBenchmark {
    /// State arrays each optimizer keeps at its defaults (an independent table, not read from
    /// the implementation): the traffic is (3 + 2·k)·N·size bytes.
    static let stateArrays: [String: Int] = [
        "sgd": 0, "momentum": 1, "nesterov": 1, "adagrad": 1, "rmsprop": 1, "adam": 2, "amsgrad": 3,
        "adamw": 2, "adamax": 2, "nadam": 2, "radam": 2, "adadelta": 2, "lion": 1,
    ]
    /// Hyperparameters that differ from the catalog defaults, as the peers run them.
    static let settings: [String: [String: ConfigValue]] = ["sgd": ["lr": 0.01], "momentum": ["lr": 0.01], "nesterov": ["lr": 0.01]]

    static func run(_ options: BenchmarkOptions) throws {
        let names = options.optimizers ?? OptimizerCatalog.names
        for name in names where stateArrays[name] == nil {
            throw BenchmarkError("--optimizers: unknown optimizer '\(name)'; expected one of \(OptimizerCatalog.names.joined(separator: ", "))")
        }
        let optimizers = try names.map { try Optimizer($0, settings[$0] ?? [:]) }
        let repeats = options.repeats ?? 5
        for precision in options.precisions ?? ["float32", "float64"] {
            for size in options.sizes ?? [100_000, 1_000_000, 10_000_000] {
                if precision == "float32" {
                    measure(Float.self, precision: precision, size: size, optimizers: optimizers, repeats: repeats, json: options.json)
                } else {
                    measure(Double.self, precision: precision, size: size, optimizers: optimizers, repeats: repeats, json: options.json)
                }
            }
        }
    }

    /// Steps per timed repetition: enough for ~0.1 s of Adam-sized traffic at ~10 GB/s.
    static func stepsPerRepeat(size: Int, bytes: Int) -> Int {
        max(3, min(2000, 1_000_000_000 / (7 * size * bytes)))
    }

    static func measure<T: OptScalar>(_: T.Type, precision: String, size: Int, optimizers: [Optimizer], repeats: Int, json: Bool) {
        let bytes = MemoryLayout<T>.size
        let steps = stepsPerRepeat(size: size, bytes: bytes)
        let a = UnsafeMutableBufferPointer<T>.allocate(capacity: size)
        let b = UnsafeMutableBufferPointer<T>.allocate(capacity: size)
        let c = UnsafeMutableBufferPointer<T>.allocate(capacity: size)
        defer { a.deallocate(); b.deallocate(); c.deallocate() }
        var random = SplitMix64(seed: 42)
        for i in 0..<size {
            a[i] = T(random.nextUniform() * 2 - 1)
            b[i] = T(random.nextUniform() * 2 - 1)
            c[i] = T(random.nextUniform() * 2 - 1)
        }


        // STREAM copy (2 arrays) and triad (3 arrays), plain loops as the optimizers are.
        let copy = medianSeconds(repeats: repeats) {
            for _ in 0..<steps { streamCopy(from: b, to: a) }
        } / Double(steps)
        let scalar = T(3)
        let triad = medianSeconds(repeats: repeats) {
            for _ in 0..<steps { streamTriad(a, b, c, scalar: scalar) }
        } / Double(steps)
        let copyRate = Double(2 * size * bytes) / copy / 1e9
        let triadRate = Double(3 * size * bytes) / triad / 1e9
        emit(json, Measurement(workload: "stream", ["kernel": "copy", "n": size, "precision": precision, "seconds_per_step": copy, "gb_per_s": copyRate]),
             "stream \(precision) N=\(size): copy \(format(copyRate)) GB/s, triad \(format(triadRate)) GB/s")
        emit(json, Measurement(workload: "stream", ["kernel": "triad", "n": size, "precision": precision, "seconds_per_step": triad, "gb_per_s": triadRate]), nil)

        for optimizer in optimizers {
            // p = a, g = b (never written by a fused step, checked below), fresh state each size.
            let parameters = a, gradient = b
            let gradientSum = checksum(gradient)
            let state = optimizer.makeState(parameterCount: size, scalar: T.self)
            let learningRate = optimizer.learningRate
            let seconds = medianSeconds(repeats: repeats) {
                for _ in 0..<steps { state.step(parameters: parameters, gradient: gradient, learningRate: learningRate) }
            } / Double(steps)
            let gradientKept = checksum(gradient) == gradientSum
            let traffic = (3 + 2 * stateArrays[optimizer.name]!) * size * bytes
            let rate = Double(traffic) / seconds / 1e9
            emit(json, Measurement(workload: "step", [
                "optimizer": optimizer.name, "n": size, "precision": precision, "seconds_per_step": seconds,
                "params_per_s": Double(size) / seconds, "bytes_per_step": traffic, "gb_per_s": rate,
                "fraction_of_copy": rate / copyRate, "gradient_kept": gradientKept,
            ]), "step \(optimizer.name.padding(toLength: 9, withPad: " ", startingAt: 0)) \(precision) N=\(size): "
                + "\(format(Double(size) / seconds / 1e6)) M params/s, \(format(rate)) GB/s (\(format(rate / copyRate * 100))% of copy)"
                + (gradientKept ? "" : "  [gradient overwritten: later steps ran on updates]"))
        }
    }

    static func emit(_ json: Bool, _ measurement: Measurement, _ text: String?) {
        if json { print(measurement.jsonLine) } else if let text { print(text) }
        fflush(nil)
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    @inline(never)
    static func streamCopy<T: OptScalar>(from source: UnsafeMutableBufferPointer<T>, to destination: UnsafeMutableBufferPointer<T>) {
        for i in 0..<source.count { destination[i] = source[i] }
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    @inline(never)
    static func streamTriad<T: OptScalar>(_ a: UnsafeMutableBufferPointer<T>, _ b: UnsafeMutableBufferPointer<T>, _ c: UnsafeMutableBufferPointer<T>, scalar: T) {
        for i in 0..<a.count { a[i] = b[i] + scalar * c[i] }
    }

    static func checksum<T: OptScalar>(_ values: UnsafeMutableBufferPointer<T>) -> Double {
        var sum = 0.0
        for (i, value) in values.enumerated() { sum += Double(value) * Double(i % 7 + 1) }
        return sum
    }
}
