import Foundation
import OptBench

/// Reads the shipped datasets from the repository's `Suites/data/` for core tests (the core
/// itself does no I/O; the runner's loader lives in OptBenchRun).
struct RepositoryDatasets: DatasetResolver {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Suites/data")

    func load(_ dataset: ShippedDataset) throws(ProblemError) -> Dataset {
        let path = Self.directory.appendingPathComponent(dataset.fileName).path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ProblemError(key: "dataset", message: "cannot read \(path)")
        }
        do {
            return try Dataset.parsingCSV(text, name: dataset.name, classCount: dataset.classCount, imageShape: dataset.imageShape)
        } catch {
            throw ProblemError(key: "dataset", message: "\(path): \(error)")
        }
    }
}

/// Builds a network problem of the catalog, with the shipped datasets available.
func networkProblem(_ name: String, _ settings: [String: ConfigValue] = [:]) throws -> NetworkProblem {
    let problem = try ProblemCatalog.make(name, settings: settings, datasets: RepositoryDatasets())
    guard let network = problem as? NetworkProblem else { throw ProblemError(key: nil, message: "\(name) is not a network problem") }
    return network
}

/// What a training run recorded: the minibatch loss of every step and the evaluations at
/// epoch 0 and after every epoch.
struct TrainingRecord {
    var losses: [Double] = []
    var evaluations: [Evaluation] = []
}

/// Trains `problem` as the runner does: initial parameters from the initialization stream,
/// an evaluation at epoch 0 and after each epoch, `epochs × stepsPerEpoch` optimizer steps.
func train<T: OptScalar>(
    _ problem: NetworkProblem, optimizer: Optimizer, epochs: Int, seed: UInt64 = 0, scalar: T.Type = Float.self
) -> TrainingRecord {
    var streams = RandomStreams(seed: seed, identity: problem.identity)
    var x = [T](repeating: 0, count: problem.dimension)
    var g = [T](repeating: 0, count: problem.dimension)
    x.withUnsafeMutableBufferPointer { problem.initialParameters(into: $0, rng: &streams.initialization) }
    let evaluator = try! problem.makeTrainingEvaluator(scalar: T.self)
    let state = optimizer.makeState(parameterCount: problem.dimension, scalar: T.self)
    var record = TrainingRecord()
    record.evaluations.append(x.withUnsafeBufferPointer { evaluator.evaluate(at: $0) })
    for _ in 0..<epochs {
        for _ in 0..<problem.stepsPerEpoch {
            x.withUnsafeMutableBufferPointer { x in
                g.withUnsafeMutableBufferPointer { g in
                    record.losses.append(evaluator.lossAndGradient(at: UnsafeBufferPointer(x), gradient: g, streams: &streams))
                    state.step(parameters: x, gradient: g, learningRate: optimizer.learningRate)
                }
            }
        }
        record.evaluations.append(x.withUnsafeBufferPointer { evaluator.evaluate(at: $0) })
    }
    return record
}
