/// A schedule a suite can name: its settings table and how to build it for a run of a given
/// length.
public struct ScheduleSpec: Sendable {
    public let name: String
    public let summary: String
    public let parameters: [HyperparameterSpec]
    let build: @Sendable (ResolvedHyperparameters, _ totalSteps: Int) throws(ScheduleError) -> any Schedule
}

/// The schedules of the suite format (`schedule: {name: cosine, warmup_steps: 100}`).
public enum ScheduleCatalog {
    public static let all: [ScheduleSpec] = [
        ScheduleSpec(name: "constant", summary: "factor 1 throughout", parameters: []) { _, _ in ConstantSchedule() },
        ScheduleSpec(
            name: "step", summary: "multiply by gamma every step_size updates (StepLR)",
            parameters: [
                .init("step_size", .integer, default: 1000, range: ValidRange(lower: 1), "updates between decays"),
                .init("gamma", default: 0.1, range: .nonNegative, "multiplier per decay"),
            ]
        ) { h, _ throws(ScheduleError) in try StepDecay(every: Int(h.real("step_size")), gamma: h.real("gamma")) },
        ScheduleSpec(
            name: "exponential", summary: "gamma^step (ExponentialLR per update)",
            parameters: [.init("gamma", default: 0.999, range: ValidRange(lower: 0, lowerInclusive: false, upper: 1, upperInclusive: true), "multiplier per update")]
        ) { h, _ throws(ScheduleError) in try ExponentialDecay(gamma: h.real("gamma")) },
        ScheduleSpec(
            name: "cosine", summary: "optional linear warmup, then half a cosine down to floor by the end of the run",
            parameters: [
                .init("warmup_steps", .integer, default: 0, range: .nonNegative, "linear warmup length (0: none)"),
                .init("start_factor", default: 0.0, range: .unitClosed, "factor at step 0 of the warmup"),
                .init("decay_steps", .integer, default: 0, range: .nonNegative, "cosine length (0: the rest of the run)"),
                .init("floor", default: 0.0, range: .unitClosed, "final factor (eta_min / lr)"),
            ]
        ) { h, totalSteps throws(ScheduleError) in
            let warmup = Int(h.real("warmup_steps"))
            let given = Int(h.real("decay_steps"))
            let decay = given > 0 ? given : Swift.max(1, totalSteps - warmup)
            let cosine = try CosineDecay(decaySteps: decay, floor: h.real("floor"))
            guard warmup > 0 else { return cosine }
            return try JoinedSchedule([LinearWarmup(steps: warmup, startFactor: h.real("start_factor")), cosine], boundaries: [warmup])
        },
        ScheduleSpec(
            name: "warmup", summary: "linear warmup from start_factor to 1, then constant (LinearLR)",
            parameters: [
                .init("warmup_steps", .integer, default: 100, range: ValidRange(lower: 1), "warmup length"),
                .init("start_factor", default: .real(1.0 / 3.0), range: .unitClosed, "factor at step 0"),
            ]
        ) { h, _ throws(ScheduleError) in try LinearWarmup(steps: Int(h.real("warmup_steps")), startFactor: h.real("start_factor")) },
        ScheduleSpec(
            name: "inverse_sqrt", summary: "constant for warmup_steps, then sqrt(warmup_steps/step)",
            parameters: [.init("warmup_steps", .integer, default: 100, range: ValidRange(lower: 1), "steps before the decay starts")]
        ) { h, _ throws(ScheduleError) in try InverseSqrt(warmupSteps: Int(h.real("warmup_steps"))) },
    ]

    public static var names: [String] { all.map(\.name) }

    public static func spec(named name: String) -> ScheduleSpec? {
        all.first { $0.name == name }
    }

    /// The settings of schedule `name` in canonical form: validated, in the table's order,
    /// integers as integers, defaults left out; so equal schedules get equal run ids.
    public static func canonicalSettings(_ name: String, settings: [String: ConfigValue]) throws(ScheduleError) -> [ConfigEntry] {
        _ = try make(name, settings: settings, totalSteps: 1_000_000)
        guard let spec = spec(named: name) else { return [] }
        var entries: [ConfigEntry] = []
        for parameter in spec.parameters {
            guard let given = settings[parameter.name], case .success(let value) = parameter.validate(given),
                  value != parameter.defaultValue, value.realValue != parameter.defaultValue.realValue || value.realValue == nil
            else { continue }
            entries.append(ConfigEntry(parameter.name, value))
        }
        return entries
    }

    /// Builds schedule `name` from suite settings for a run of `totalSteps` updates.
    public static func make(_ name: String, settings: [String: ConfigValue] = [:], totalSteps: Int) throws(ScheduleError) -> any Schedule {
        guard let spec = spec(named: name) else {
            throw ScheduleError(key: "name", message: "unknown schedule '\(name)'; expected one of \(names.joined(separator: ", "))"
                + NearestName.suggestion(for: name, among: names))
        }
        let known = spec.parameters.map(\.name)
        for key in settings.keys.sorted() where !known.contains(key) {
            throw ScheduleError(key: key, message: "unknown setting of schedule \(name); expected one of \(known.isEmpty ? "none" : known.joined(separator: ", "))"
                + NearestName.suggestion(for: key, among: known))
        }
        var entries: [ConfigEntry] = []
        for parameter in spec.parameters {
            let value = settings[parameter.name] ?? parameter.defaultValue
            switch parameter.validate(value) {
            case .success(let valid): entries.append(ConfigEntry(parameter.name, valid.realValue.map(ConfigValue.real) ?? valid))
            case .failure(let error): throw ScheduleError(key: parameter.name, message: "expected \(error.expected), got \(value.canonicalText)")
            }
        }
        return try spec.build(ResolvedHyperparameters(entries: entries), totalSteps)
    }
}
