import CTicks
import Foundation
import OptBench

/// Executes one run on the calling thread: the optimization loop, logging, divergence and
/// target detection, evaluations of networks. Single-threaded and deterministic: the result
/// depends only on the spec (not on timing, except the `time_s` column and wall time).
public enum RunExecutor {
    /// Runs `spec` to its end, to divergence, to a failure of the problem (status `failed`: its
    /// setup threw, its memory cannot be had, or an evaluation reported a ``ProblemEvaluator/failure``),
    /// or until `cancellation` is set. A problem's error fails its run, not the suite.
    public static func execute(_ spec: RunSpec, cancellation: CancellationFlag) -> RunResult {
        switch spec.precision {
        case .float32: run(spec, scalar: Float.self, cancellation: cancellation)
        case .float64: run(spec, scalar: Double.self, cancellation: cancellation)
        }
    }

    /// The most moment buffers of one parameter vector an optimizer's chain keeps (AMSGrad's
    /// three, or a two-buffer stage with momentum): part of a run's memory estimate.
    static let maximumStateBuffers = 4

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func run<T: OptScalar>(_ spec: RunSpec, scalar: T.Type, cancellation: CancellationFlag) -> RunResult {
        let setupClock = RunClock()
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
        let loggedDimension = spec.logsParameters ? dimension : 0
        func failedAtSetup(_ error: ProblemError) -> RunResult {
            trajectory.reserve(rows: 0, parameterDimension: loggedDimension, layers: layers.map(\.name), evaluations: 0)
            return RunResult(spec: spec, status: .failed, message: "cannot start: \(error)".replacingNewlines(), steps: 0, finalLoss: .nan, bestLoss: .nan,
                             stepsToTarget: nil, wallTime: setupClock.calibration().wallTime, trajectory: trajectory)
        }
        // Everything sized by the problem is added up before anything is allocated: a run too
        // large for the machine fails alone instead of aborting the suite.
        var memory = MemoryRequirement()
        memory.add(dimension, of: T.self)  // parameters
        memory.add(dimension, of: T.self)  // gradient
        for _ in 0..<Self.maximumStateBuffers { memory.add(dimension, of: T.self) }
        for _ in 0..<2 { memory.add(expectedRows, of: 5 * 8 + (loggedDimension + layers.count) * 8) }  // row buffers, then the trajectory
        do {
            try memory.check(for: "\(dimension) parameters (values, gradient, up to \(Self.maximumStateBuffers) optimizer state buffers) and \(expectedRows) logged rows")
        } catch {
            return failedAtSetup(error)
        }
        trajectory.reserve(rows: 0, parameterDimension: loggedDimension, layers: layers.map(\.name), evaluations: evaluationCount)
        var rows = TrajectoryBuffer(capacity: expectedRows, parameterDimension: loggedDimension, layerCount: layers.count)

        let parameters = LargeBuffers.allocate(T.self, count: dimension)
        let gradient = LargeBuffers.allocate(T.self, count: dimension)
        defer {
            parameters.deallocate()
            gradient.deallocate()
        }
        parameters.initialize(repeating: 0)
        gradient.initialize(repeating: 0)

        var streams = RandomStreams(seed: spec.seed, identity: problem.identity)
        problem.initialParameters(into: parameters, rng: &streams.initialization)
        let trainingEvaluator: (any TrainingEvaluator<T>)?
        let evaluator: any ProblemEvaluator<T>
        do throws(ProblemError) {
            if let training {
                let made = try training.makeTrainingEvaluator(scalar: T.self)
                (trainingEvaluator, evaluator) = (made, made)
            } else {
                (trainingEvaluator, evaluator) = (nil, try problem.makeEvaluator(scalar: T.self))
            }
        } catch {
            return failedAtSetup(error)
        }
        let state = spec.optimizer.makeState(parameterCount: dimension, scalar: T.self)
        let schedule = spec.makeSchedule()
        let baseLearningRate = spec.optimizer.learningRate
        let evaluationInterval = spec.evalEvery ?? training?.stepsPerEpoch ?? 0

        let clock = RunClock()
        let logEvery = spec.logEvery
        var untilLogged = 0  // updates until the next scheduled row (no division per step)
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
            // The square root is taken only for rows that are logged: the sum is finite exactly
            // when the norm is, which is all the divergence test needs.
            let squaredGradientNorm = squaredNorm(UnsafeBufferPointer(gradient))
            if step == 0 { initialLoss = loss }
            if loss.isFinite {
                bestLoss = Swift.min(bestLoss, loss)
                if let target = spec.target, stepsToTarget == nil, loss <= target { stepsToTarget = step }
            }
            let learningRate = baseLearningRate * schedule.factor(atStep: step)
            let divergence = divergenceReason(loss: loss, squaredGradientNorm: squaredGradientNorm, initialLoss: initialLoss, factor: spec.divergenceFactor, step: step)
            let cancelled = step < total && cancellation.isCancelled
            if untilLogged == 0 || step == total || divergence != nil || cancelled {
                let row = rows.appendRow(step: step, loss: loss, gradNorm: squaredGradientNorm.squareRoot(), learningRate: learningRate, ticks: cticks_now())
                let parameterRow = rows.parameters + row * loggedDimension
                for i in 0..<loggedDimension { parameterRow[i] = Double(parameters[i]) }
                let layerRow = rows.layerGradNorm + row * layers.count
                for (i, layer) in layers.enumerated() {
                    layerRow[i] = norm(UnsafeBufferPointer(rebasing: gradient[layer.range]))
                }
            }
            untilLogged = untilLogged == 0 ? logEvery - 1 : untilLogged - 1
            if let divergence {
                // A non-finite loss is divergence unless the problem says it failed (read only
                // here, so a problem's failure costs the loop nothing per step).
                if !loss.isFinite, let failure = evaluator.failure {
                    status = .failed
                    message = "at step \(step): \(failure)".replacingNewlines()
                    rows.clearGradientNorms(ofRow: rows.count - 1)  // the gradient is not one
                } else {
                    status = .diverged
                    message = divergence
                }
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
        let calibration = clock.calibration()
        rows.write(into: &trajectory, seconds: calibration.seconds)
        return RunResult(
            spec: spec, status: status, message: message, steps: step, finalLoss: loss,
            bestLoss: bestLoss.isFinite ? bestLoss : .nan, stepsToTarget: stepsToTarget,
            wallTime: calibration.wallTime, trajectory: trajectory)
    }

    /// Why the run diverges at this step, or nil.
    static func divergenceReason(loss: Double, squaredGradientNorm: Double, initialLoss: Double, factor: Double, step: Int) -> String? {
        if !loss.isFinite { return "non-finite loss (\(loss)) at step \(step)" }
        if !squaredGradientNorm.isFinite { return "non-finite gradient at step \(step)" }
        let threshold = factor * Swift.max(Swift.abs(initialLoss), 1)
        if Swift.abs(loss) > threshold {
            return "|loss| \(loss) exceeds \(factor) × max(|initial loss|, 1) = \(threshold) at step \(step)"
        }
        return nil
    }

    /// The Euclidean norm, accumulated in Double: the square root of ``squaredNorm(_:)``.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func norm<T: OptScalar>(_ values: UnsafeBufferPointer<T>) -> Double {
        squaredNorm(values).squareRoot()
    }

    /// The sum of squares, accumulated in Double.
    ///
    /// Eight partial sums, combined pairwise at the end: independent chains of additions the
    /// CPU overlaps, where one running sum waits ~4 cycles per element (measured on a digits
    /// MLP, the per-step norm of 9610 gradients cost as much as the Adam step). The order is
    /// fixed, so the result is deterministic.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func squaredNorm<T: OptScalar>(_ values: UnsafeBufferPointer<T>) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0
        let count = values.count
        var i = 0
        while i + 8 <= count {
            let x0 = Double(values[i]), x1 = Double(values[i + 1]), x2 = Double(values[i + 2]), x3 = Double(values[i + 3])
            let x4 = Double(values[i + 4]), x5 = Double(values[i + 5]), x6 = Double(values[i + 6]), x7 = Double(values[i + 7])
            s0 += x0 * x0; s1 += x1 * x1; s2 += x2 * x2; s3 += x3 * x3
            s4 += x4 * x4; s5 += x5 * x5; s6 += x6 * x6; s7 += x7 * x7
            i += 8
        }
        var tail = 0.0
        while i < count {
            let x = Double(values[i])
            tail += x * x
            i += 1
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)) + tail
    }
}

/// A run's time base: tick stamps (``cticks_now``, a few nanoseconds each) taken in the loop,
/// turned into seconds since the run started by a linear map calibrated against the
/// monotonic clock between the run's start and ``calibration()``.
struct RunClock {
    private let startNanoseconds = DispatchTime.now().uptimeNanoseconds
    private let startTicks = cticks_now()

    struct Calibration {
        let startTicks: UInt64
        let secondsPerTick: Double
        /// Seconds from the start to the calibration.
        let wallTime: Double

        func seconds(_ ticks: UInt64) -> Double {
            ticks <= startTicks ? 0 : Double(ticks - startTicks) * secondsPerTick
        }
    }

    func calibration() -> Calibration {
        let ticks = cticks_now()
        let wall = Double(DispatchTime.now().uptimeNanoseconds - startNanoseconds) * 1e-9
        let elapsed = ticks > startTicks ? Double(ticks - startTicks) : 0
        return Calibration(startTicks: startTicks, secondsPerTick: elapsed > 0 ? wall / elapsed : 0, wallTime: wall)
    }
}
