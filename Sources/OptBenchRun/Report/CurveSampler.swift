/// Gathers one configuration's runs, one at a time, at fixed sample steps, and reduces them
/// to a median ``Curve`` with its 25–75% band.
///
/// A run contributes at sample step s the value of its last row with step ≤ s. After its last
/// row a diverged run contributes +∞ when `divergedAsInfinity` (losses: it failed), and
/// nothing otherwise; an interrupted or failed run contributes nothing (it did not get there).
/// A NaN value counts as +∞ under `divergedAsInfinity` and is left out otherwise.
struct CurveSampler {
    let sampleSteps: [Int]
    let divergedAsInfinity: Bool
    private(set) var columns: [[Double]]
    private(set) var runs = 0

    init(sampleSteps: [Int], divergedAsInfinity: Bool) {
        self.sampleSteps = sampleSteps
        self.divergedAsInfinity = divergedAsInfinity
        columns = Array(repeating: [], count: sampleSteps.count)
    }

    /// Adds one run whose rows are at `steps` (ascending), with `value(row)` per row.
    mutating func add(steps: [Int64], status: RunStatus, value: (Int) -> Double) {
        guard !steps.isEmpty else { return }
        runs += 1
        var row = 0
        for (k, s) in sampleSteps.enumerated() {
            let target = Int64(s)
            if target > steps[steps.count - 1] {
                if status == .diverged && divergedAsInfinity { columns[k].append(.infinity) }
                continue
            }
            while row + 1 < steps.count && steps[row + 1] <= target { row += 1 }
            guard steps[row] <= target else { continue }
            let v = value(row)
            if v.isNaN {
                if divergedAsInfinity { columns[k].append(.infinity) }
            } else {
                columns[k].append(v.isFinite ? v : .infinity)
            }
        }
    }

    /// The median curve; `x` maps a sample step to the plotted x.
    func curve(optimizer: String, label: String, x: (Int) -> Double = { Double($0) }) -> Curve {
        var curve = Curve(optimizer: optimizer, label: label, runs: runs)
        for (k, column) in columns.enumerated() where !column.isEmpty {
            let band = QuantileBand(column)
            curve.x.append(x(sampleSteps[k]))
            curve.median.append(band.median)
            curve.lower.append(band.lower)
            curve.upper.append(band.upper)
        }
        return curve
    }
}
