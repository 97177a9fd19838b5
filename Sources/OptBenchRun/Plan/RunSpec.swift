import OptBench

/// Everything one run needs, resolved from the suite: what to optimize, with what, for how
/// long, and how to log it.
public struct RunSpec: Sendable {
    /// Position in grid order (problems, then optimizers, then seeds); names `/runs/NNNNNN`.
    public var index: Int
    public var id: RunID
    public var problem: any Problem
    public var optimizer: Optimizer
    public var schedule: ScheduleSetting?
    public var seed: UInt64
    /// Updates to apply (a budget in epochs is already multiplied out).
    public var totalSteps: Int
    /// The budget as the suite gave it (or the problem's default), for the record.
    public var budget: Budget
    public var precision: Precision
    public var target: Double?
    public var logEvery: Int
    /// Evaluate networks every k updates (nil: at every epoch boundary).
    public var evalEvery: Int?
    public var divergenceFactor: Double
    public var paramsLimit: Int
    /// The canonical JSON of everything that determines the run's results (see ``configJSON``).
    public var configHash: String

    /// Whether `params` are logged (the dimension is within the limit).
    public var logsParameters: Bool { problem.dimension <= paramsLimit }

    /// `{"name":"rosenbrock","dim":2}`: the problem's identity settings as JSON.
    public var problemConfigJSON: String {
        ([ConfigEntry("name", .text(problem.name))] + problem.configuration).json
    }

    /// Every hyperparameter (defaults included), the schedule and the clipping, as JSON.
    public var optimizerConfigJSON: String {
        var entries = [ConfigEntry("name", .text(optimizer.name))] + optimizer.hyperparameters.entries
        switch optimizer.clipping {
        case .none: break
        case .globalNorm(let limit): entries.append(ConfigEntry("clip_norm", .real(limit)))
        case .value(let limit): entries.append(ConfigEntry("clip_value", .real(limit)))
        }
        if let schedule {
            entries.append(ConfigEntry("schedule", .text(schedule.name)))
            entries += schedule.settings.map { ConfigEntry("schedule." + $0.key, $0.value) }
        }
        return entries.json
    }

    /// The learning-rate schedule of this run (its length is the run's).
    public func makeSchedule() -> any Schedule {
        guard let schedule else { return ConstantSchedule() }
        let settings = Dictionary(uniqueKeysWithValues: schedule.settings.map { ($0.key, $0.value) })
        // Validated when the suite was read; a failure here is a programming error.
        do {
            return try ScheduleCatalog.make(schedule.name, settings: settings, totalSteps: totalSteps)
        } catch {
            preconditionFailure("schedule \(schedule.identity) was validated but failed: \(error)")
        }
    }

    /// The canonical description of everything that determines the run's results: the resume
    /// cache key, including a fingerprint of a network problem's data (so an edited data file
    /// reruns its runs). Presentation settings (jobs, quiet, output path) are not part of it.
    static func configJSON(id: RunID, problemConfig: String, optimizerConfig: String, totalSteps: Int, precision: Precision,
                           target: Double?, logEvery: Int, evalEvery: Int?, divergence: Double, paramsLimit: Int,
                           dataFingerprint: String? = nil) -> String {
        [
            ConfigEntry("data", .text(dataFingerprint ?? "none")),
            ConfigEntry("format", .integer(ResultsLayout.formatVersion)),
            ConfigEntry("run_id", .text(id.text)),
            ConfigEntry("problem", .text(problemConfig)),
            ConfigEntry("optimizer", .text(optimizerConfig)),
            ConfigEntry("steps", .integer(totalSteps)),
            ConfigEntry("precision", .text(precision.rawValue)),
            ConfigEntry("target", target.map(ConfigValue.real) ?? .text("none")),
            ConfigEntry("log_every", .integer(logEvery)),
            ConfigEntry("eval_every", evalEvery.map(ConfigValue.integer) ?? .text("epoch")),
            ConfigEntry("divergence", .real(divergence)),
            ConfigEntry("params_limit", .integer(paramsLimit)),
        ].json
    }
}
