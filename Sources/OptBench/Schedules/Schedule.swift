/// A learning-rate schedule: a **multiplier** of the optimizer's base `lr`, as a function of
/// the number of updates already applied (0-based: the first update uses `factor(atStep: 0)`).
///
/// The multiplier form lets a grid over `lr` compose with any schedule (optax and mlx return
/// absolute rates instead). Conformers guarantee a finite, non-negative factor for every
/// step ≥ 0.
public protocol Schedule: Sendable, CustomStringConvertible {
    func factor(atStep step: Int) -> Double
}

/// A schedule's settings that do not fit: the key and what was expected.
public struct ScheduleError: Error, Sendable, Hashable, CustomStringConvertible {
    public var key: String?
    public var message: String

    public init(key: String?, message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { key.map { "\($0): \(message)" } ?? message }
}

/// The factor 1 at every step.
public struct ConstantSchedule: Schedule {
    public init() {}
    public func factor(atStep step: Int) -> Double { 1 }
    public var description: String { "constant" }
}

/// Multiplies by `gamma` every `every` steps: factor = gamma^⌊step / every⌋
/// (`torch.optim.lr_scheduler.StepLR`).
public struct StepDecay: Schedule {
    public let every: Int
    public let gamma: Double

    public init(every: Int, gamma: Double) throws(ScheduleError) {
        guard every > 0 else { throw ScheduleError(key: "step_size", message: "must be > 0, got \(every)") }
        guard gamma >= 0, gamma.isFinite else { throw ScheduleError(key: "gamma", message: "must be a finite number ≥ 0, got \(gamma)") }
        self.every = every
        self.gamma = gamma
    }

    public func factor(atStep step: Int) -> Double {
        Double.pow(gamma, Double(step / every))
    }

    public var description: String { "step(step_size: \(every), gamma: \(gamma))" }
}

/// factor = gamma^step (`torch.optim.lr_scheduler.ExponentialLR`, stepped per update).
public struct ExponentialDecay: Schedule {
    public let gamma: Double

    public init(gamma: Double) throws(ScheduleError) {
        guard gamma > 0, gamma <= 1 else { throw ScheduleError(key: "gamma", message: "must be in (0, 1], got \(gamma)") }
        self.gamma = gamma
    }

    public func factor(atStep step: Int) -> Double {
        Double.pow(gamma, Double(step))
    }

    public var description: String { "exponential(gamma: \(gamma))" }
}

/// Half a cosine from 1 down to `floor` over `decaySteps`, then `floor`
/// (`torch.optim.lr_scheduler.CosineAnnealingLR` with eta_min = floor·lr; optax
/// `cosine_decay_schedule` with alpha = floor):
///
/// ```
/// factor = floor + (1 − floor)·½·(1 + cos(π·min(step, decaySteps)/decaySteps))
/// ```
public struct CosineDecay: Schedule {
    public let decaySteps: Int
    public let floor: Double

    public init(decaySteps: Int, floor: Double = 0) throws(ScheduleError) {
        guard decaySteps > 0 else { throw ScheduleError(key: "decay_steps", message: "must be > 0, got \(decaySteps)") }
        guard floor >= 0, floor <= 1 else { throw ScheduleError(key: "floor", message: "must be in [0, 1], got \(floor)") }
        self.decaySteps = decaySteps
        self.floor = floor
    }

    public func factor(atStep step: Int) -> Double {
        let progress = Double(Swift.min(step, decaySteps)) / Double(decaySteps)
        return floor + (1 - floor) * 0.5 * (1 + Double.cos(Double.pi * progress))
    }

    public var description: String { "cosine(decay_steps: \(decaySteps), floor: \(floor))" }
}

/// A linear ramp from `startFactor` to 1 over `steps`, then 1
/// (`torch.optim.lr_scheduler.LinearLR` with end_factor 1):
///
/// ```
/// factor = startFactor + (1 − startFactor)·min(step, steps)/steps
/// ```
public struct LinearWarmup: Schedule {
    public let steps: Int
    public let startFactor: Double

    public init(steps: Int, startFactor: Double = 1.0 / 3.0) throws(ScheduleError) {
        guard steps > 0 else { throw ScheduleError(key: "warmup_steps", message: "must be > 0, got \(steps)") }
        guard startFactor >= 0, startFactor <= 1 else {
            throw ScheduleError(key: "start_factor", message: "must be in [0, 1], got \(startFactor)")
        }
        self.steps = steps
        self.startFactor = startFactor
    }

    public func factor(atStep step: Int) -> Double {
        startFactor + (1 - startFactor) * Double(Swift.min(step, steps)) / Double(steps)
    }

    public var description: String { "linear_warmup(steps: \(steps), start_factor: \(startFactor))" }
}

/// Constant for `warmupSteps`, then decaying as the inverse square root of the step
/// (Vaswani et al. 2017 without their warmup ramp; join a ``LinearWarmup`` for that):
///
/// ```
/// factor = sqrt(warmupSteps / max(step, warmupSteps))
/// ```
public struct InverseSqrt: Schedule {
    public let warmupSteps: Int

    public init(warmupSteps: Int) throws(ScheduleError) {
        guard warmupSteps > 0 else { throw ScheduleError(key: "warmup_steps", message: "must be > 0, got \(warmupSteps)") }
        self.warmupSteps = warmupSteps
    }

    public func factor(atStep step: Int) -> Double {
        (Double(warmupSteps) / Double(Swift.max(step, warmupSteps))).squareRoot()
    }

    public var description: String { "inverse_sqrt(warmup_steps: \(warmupSteps))" }
}

/// Runs `parts[0]` until `boundaries[0]`, then `parts[1]` restarted at 0, and so on
/// (optax `join_schedules`): for boundaries[i−1] ≤ step < boundaries[i], the factor is
/// `parts[i].factor(atStep: step − boundaries[i−1])`. Warmup + cosine is such a join.
public struct JoinedSchedule: Schedule {
    public let parts: [any Schedule]
    public let boundaries: [Int]

    public init(_ parts: [any Schedule], boundaries: [Int]) throws(ScheduleError) {
        guard parts.count == boundaries.count + 1 else {
            throw ScheduleError(key: nil, message: "a join of \(parts.count) schedules needs \(parts.count - 1) boundaries, got \(boundaries.count)")
        }
        guard zip(boundaries, boundaries.dropFirst()).allSatisfy({ $0 < $1 }), boundaries.allSatisfy({ $0 > 0 }) else {
            throw ScheduleError(key: nil, message: "boundaries must be positive and increasing, got \(boundaries)")
        }
        self.parts = parts
        self.boundaries = boundaries
    }

    public func factor(atStep step: Int) -> Double {
        var start = 0
        for (index, boundary) in boundaries.enumerated() {
            if step < boundary { return parts[index].factor(atStep: step - start) }
            start = boundary
        }
        return parts[parts.count - 1].factor(atStep: step - start)
    }

    public var description: String {
        "join(" + parts.map(\.description).joined(separator: ", ") + "; boundaries: \(boundaries))"
    }
}

import RealModule
