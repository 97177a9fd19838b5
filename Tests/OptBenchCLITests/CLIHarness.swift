import Foundation
import OptBenchRun
import Testing

/// Runs the built `optbench` binary, as a user would.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `optbench` built next to this test bundle (or $OPTBENCH_BINARY).
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["OPTBENCH_BINARY"] { return path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("optbench").path
    }()

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Starts optbench with `arguments` in `directory`, with `extraEnvironment` added.
    static func start(_ arguments: [String], in directory: URL, environment extraEnvironment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["CI"] = "true"
        environment.merge(extraEnvironment) { $1 }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// Runs optbench to the end, or until it is killed (SIGKILL) after `killAfter` seconds.
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:], killAfter: Double? = nil) throws -> Result {
        let (process, out, err) = try start(arguments, in: directory, environment: environment)
        if let killAfter {
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + killAfter) { [process] in
                if process.isRunning { kill(pid, SIGKILL) }
            }
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A fresh temporary directory with the given suite files.
    static func workspace(_ files: [String: String] = [:]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }
}

/// The data of a results file with the wall-clock columns left out: what must be equal
/// between two runs of the same suite, whatever the scheduling.
struct ResultsData: Equatable {
    struct Run: Equatable {
        var id: String
        var status: String
        var message: String
        var steps: Int
        var finalLoss: Double?
        var bestLoss: Double?
        var stepsToTarget: Int?
        var configHash: String
        var step: [Int64]
        var loss: [Double]
        var gradNorm: [Double]
        var lr: [Double]
        var params: [Double]
        var evaluations: [Double]
    }

    var runs: [Int: Run]

    init(path: String) throws {
        let reader = try ResultsReader(path: path)
        defer { reader.close() }
        var runs: [Int: Run] = [:]
        for index in try reader.runIndices() {
            let stored = try reader.run(index)
            let s = stored.summary, t = stored.trajectory
            func bits(_ x: Double) -> Double? { x.isNaN ? nil : x }
            runs[index] = Run(
                id: s.id.text, status: s.status.rawValue, message: s.message, steps: s.steps, finalLoss: bits(s.finalLoss),
                bestLoss: bits(s.bestLoss), stepsToTarget: s.stepsToTarget, configHash: s.configHash, step: t.step,
                loss: t.loss, gradNorm: t.gradNorm, lr: t.learningRate, params: t.parameters,
                evaluations: t.evaluations.flatMap { [Double($0.step), $0.evaluation.trainLoss, $0.evaluation.testLoss] })
        }
        self.runs = runs
    }
}
