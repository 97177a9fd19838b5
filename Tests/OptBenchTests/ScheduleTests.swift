import Foundation
import OptBench
import Testing

@Suite("Schedules: multipliers of lr by updates applied (0-based)")
struct ScheduleTests {
    func factors(_ schedule: any Schedule, _ steps: [Int]) -> [Double] {
        steps.map { schedule.factor(atStep: $0) }
    }

    @Test("step decay halves at each boundary, not one step early")
    func stepDecay() throws {
        let schedule = try StepDecay(every: 10, gamma: 0.5)
        #expect(factors(schedule, [0, 9, 10, 11, 19, 20, 25]) == [1, 1, 0.5, 0.5, 0.5, 0.25, 0.25])
    }

    @Test("exponential decay is gamma to the power of the step")
    func exponential() throws {
        let schedule = try ExponentialDecay(gamma: 0.9)
        #expect(schedule.factor(atStep: 0) == 1)
        #expect(schedule.factor(atStep: 1) == 0.9)
        #expect(abs(schedule.factor(atStep: 2) - 0.81) < 1e-15)
    }

    @Test("cosine decay starts at 1, is halfway at the middle, and stays at the floor after the end")
    func cosine() throws {
        let schedule = try CosineDecay(decaySteps: 100, floor: 0.1)
        #expect(schedule.factor(atStep: 0) == 1)
        // 0.1 + 0.9·½·(1 + cos(π/4)) = 0.1 + 0.45·1.7071067811865475
        #expect(abs(schedule.factor(atStep: 25) - 0.8681980515339464) < 1e-15)
        #expect(abs(schedule.factor(atStep: 50) - 0.55) < 1e-15)
        #expect(abs(schedule.factor(atStep: 100) - 0.1) < 1e-15)
        #expect(schedule.factor(atStep: 101) == schedule.factor(atStep: 100))
        #expect(schedule.factor(atStep: 1000) == schedule.factor(atStep: 100))
    }

    @Test("linear warmup ramps from the start factor to 1 and then stays")
    func warmup() throws {
        let schedule = try LinearWarmup(steps: 10, startFactor: 0.2)
        #expect(schedule.factor(atStep: 0) == 0.2)
        #expect(abs(schedule.factor(atStep: 5) - 0.6) < 1e-15)
        #expect(factors(schedule, [10, 11, 500]) == [1, 1, 1])
    }

    @Test("inverse square root is flat through the warmup and 1/2 at four times it")
    func inverseSqrt() throws {
        let schedule = try InverseSqrt(warmupSteps: 100)
        #expect(factors(schedule, [0, 99, 100, 400]) == [1, 1, 1, 0.5])
        #expect(schedule.factor(atStep: 101) == (100.0 / 101.0).squareRoot())
    }

    @Test("warmup + cosine is a join: the cosine restarts at the boundary")
    func warmupCosineIsAJoin() throws {
        let schedule = try ScheduleCatalog.make("cosine", settings: ["warmup_steps": 10], totalSteps: 110)
        #expect(schedule is JoinedSchedule)
        #expect(schedule.factor(atStep: 0) == 0)
        #expect(abs(schedule.factor(atStep: 5) - 0.5) < 1e-15)
        #expect(abs(schedule.factor(atStep: 9) - 0.9) < 1e-15)
        #expect(schedule.factor(atStep: 10) == 1)
        #expect(schedule.factor(atStep: 11) == 0.5 * (1 + cos(Double.pi / 100)))
        #expect(abs(schedule.factor(atStep: 60) - 0.5) < 1e-15)
        #expect(schedule.factor(atStep: 110) < 1e-15)
        #expect(schedule.factor(atStep: 500) == schedule.factor(atStep: 110))
    }

    @Test("cosine without decay_steps spans the rest of the run")
    func cosineSpansRun() throws {
        let schedule = try ScheduleCatalog.make("cosine", totalSteps: 200)
        #expect(abs(schedule.factor(atStep: 100) - 0.5) < 1e-15)
    }

    @Test("invalid settings name the key")
    func invalid() {
        #expect(throws: ScheduleError(key: "decay_steps", message: "must be > 0, got 0")) { try CosineDecay(decaySteps: 0) }
        #expect(throws: ScheduleError(key: "step_size", message: "must be > 0, got 0")) { try StepDecay(every: 0, gamma: 0.5) }
        #expect(throws: ScheduleError.self) { try JoinedSchedule([ConstantSchedule()], boundaries: [3]) }
        #expect(throws: ScheduleError.self) { try ScheduleCatalog.make("cosin", totalSteps: 10) }
        #expect(throws: ScheduleError.self) { try ScheduleCatalog.make("step", settings: ["gama": 0.5], totalSteps: 10) }
        #expect(throws: ScheduleError.self) { try ScheduleCatalog.make("exponential", settings: ["gamma": 1.5], totalSteps: 10) }
    }

    @Test("every catalog schedule with its defaults is finite and non-negative at 0, its boundaries and beyond", arguments: ScheduleCatalog.names)
    func conformance(_ name: String) throws {
        let schedule = try ScheduleCatalog.make(name, totalSteps: 1000)
        for step in [0, 1, 99, 100, 101, 999, 1000, 1001, 1_000_000] {
            let factor = schedule.factor(atStep: step)
            #expect(factor.isFinite && factor >= 0, "\(name) at \(step): \(factor)")
        }
    }
}
