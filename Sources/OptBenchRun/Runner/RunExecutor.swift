import Foundation
import OptBench

/// Executes one run on the calling thread: the optimization loop, logging, divergence and
/// target detection, evaluations of networks. Single-threaded and deterministic: the result
/// depends only on the spec (not on timing, except the `time_s` column and wall time).
public enum RunExecutor {
    /// Runs `spec` to its end, to divergence, or until `cancellation` is set.
    public static func execute(_ spec: RunSpec, cancellation: CancellationFlag) -> RunResult {
        switch spec.precision {
        case .float32: run(spec, scalar: Float.self, cancellation: cancellation)
        case .float64: run(spec, scalar: Double.self, cancellation: cancellation)
        }
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func run<T: OptScalar>(_ spec: RunSpec, scalar: T.Type, cancellation: CancellationFlag) -> RunResult {
        let problem = spec.problem
        let dimension = problem.dimension
        let total = spec.totalSteps
        let training = problem as? any TrainingProblem
        let layers = training?.layers ?? []

        var trajectory = Trajectory()
        let expectedRows = total / spec.logEvery + 2
        let evaluationCount = training.map { training in
            1 + (spec.evalEvery.map { total / $0 } ?? total / Swift.max(training.stepsPerEpoch, 1)) + 1
        } ?? 0
        trajectory.reserve(rows: expectedRows, parameterDimension: spec.logsParameters ? dimension : 0,
                           layers: layers.map(\.name), evaluations: evaluationCount)

        let parameters = UnsafeMutableBufferPointer<T>.allocate(capacity: dimension)
        let gradient = UnsafeMutableBufferPointer<T>.allocate(capacity: dimension)
        defer {
            parameters.deallocate()
            gradient.deallocate()
        }
        parameters.initialize(repeating: 0)
        gradient.initialize(repeating: 0)

        var streams = RandomStreams(seed: spec.seed, identity: problem.identity)
        problem.initialParameters(into: parameters, rng: &streams.initialization)
        let trainingEvaluator = training.map { $0.makeTrainingEvaluator(scalar: T.self) }
        let evaluator: any ProblemEvaluator<T> = trainingEvaluator ?? problem.makeEvaluator(scalar: T.self)
        let state = spec.optimizer.makeState(parameterCount: dimension, scalar: T.self)
        let schedule = spec.makeSchedule()
        let baseLearningRate = spec.optimizer.learningRate
        let evaluationInterval = spec.evalEvery ?? training?.stepsPerEpoch ?? 0

        let clock = MonotonicClock()
        func evaluate(at step: Int) {
            guard let trainingEvaluator else { return }
            let e = trainingEvaluator.evaluate(at: UnsafeBufferPointer(parameters))
            trajectory.evaluations.append((Int64(step), EvaluationRecord(
                trainLoss: e.trainLoss, trainAccuracy: e.trainAccuracy, testLoss: e.testLoss, testAccuracy: e.testAccuracy)))
        }
        evaluate(at: 0)

        var status = RunStatus.completed
        var message = ""
        var step = 0
        var initialLoss = Double.nan
        var loss = Double.nan
        var bestLoss = Double.infinity
        var stepsToTarget: Int?
        while true {
            loss = evaluator.lossAndGradient(at: UnsafeBufferPointer(parameters), gradient: gradient, streams: &streams)
            let gradientNorm = norm(UnsafeBufferPointer(gradient))
            if step == 0 { initialLoss = loss }
            if loss.isFinite {
                bestLoss = Swift.min(bestLoss, loss)
                if let target = spec.target, stepsToTarget == nil, loss <= target { stepsToTarget = step }
            }
            let learningRate = baseLearningRate * schedule.factor(atStep: step)
            let divergence = divergenceReason(loss: loss, gradientNorm: gradientNorm, initialLoss: initialLoss, factor: spec.divergenceFactor, step: step)
            let cancelled = step < total && cancellation.isCancelled
            if step % spec.logEvery == 0 || step == total || divergence != nil || cancelled {
                trajectory.step.append(Int64(step))
                trajectory.loss.append(loss)
                trajectory.gradNorm.append(gradientNorm)
                trajectory.learningRate.append(learningRate)
                trajectory.seconds.append(clock.seconds)
                if spec.logsParameters {
                    for value in parameters { trajectory.parameters.append(Double(value)) }
                }
                for layer in layers {
                    trajectory.layerGradNorm.append(norm(UnsafeBufferPointer(rebasing: gradient[layer.range])))
                }
            }
            if let divergence {
                status = .diverged
                message = divergence
                break
            }
            if step == total { break }
            if cancelled {
                status = .interrupted
                message = "interrupted after \(step) of \(total) updates"
                break
            }
            state.step(parameters: parameters, gradient: gradient, learningRate: learningRate)
            step += 1
            if evaluationInterval > 0, step % evaluationInterval == 0 || step == total { evaluate(at: step) }
        }
        return RunResult(
            spec: spec, status: status, message: message, steps: step, finalLoss: loss,
            bestLoss: bestLoss.isFinite ? bestLoss : .nan, stepsToTarget: stepsToTarget,
            wallTime: clock.seconds, trajectory: trajectory)
    }

    /// Why the run diverges at this step, or nil.
    static func divergenceReason(loss: Double, gradientNorm: Double, initialLoss: Double, factor: Double, step: Int) -> String? {
        if !loss.isFinite { return "non-finite loss (\(loss)) at step \(step)" }
        if !gradientNorm.isFinite { return "non-finite gradient at step \(step)" }
        let threshold = factor * Swift.max(Swift.abs(initialLoss), 1)
        if Swift.abs(loss) > threshold {
            return "|loss| \(loss) exceeds \(factor) × max(|initial loss|, 1) = \(threshold) at step \(step)"
        }
        return nil
    }

    /// The Euclidean norm, accumulated in Double.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func norm<T: OptScalar>(_ values: UnsafeBufferPointer<T>) -> Double {
        var sum = 0.0
        for value in values {
            let x = Double(value)
            sum += x * x
        }
        return sum.squareRoot()
    }
}

/// Seconds since creation, from the monotonic clock.
struct MonotonicClock {
    private let start: UInt64 = DispatchTime.now().uptimeNanoseconds

    var seconds: Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    }
}
