/// The logged rows of a run while it executes: one preallocated buffer per column, written by
/// index, so logging a row costs a few stores (arrays' `append` checks uniqueness and capacity
/// on every call, which doubled the cost of logging every step of a 2-D problem).
struct TrajectoryBuffer: ~Copyable {
    let capacity: Int
    let parameterDimension: Int
    let layerCount: Int
    private(set) var count = 0
    private let step: UnsafeMutablePointer<Int64>
    private let loss: UnsafeMutablePointer<Double>
    private let gradNorm: UnsafeMutablePointer<Double>
    private let learningRate: UnsafeMutablePointer<Double>
    private let ticks: UnsafeMutablePointer<UInt64>
    /// Row-major [rows × parameterDimension] and [rows × layerCount].
    let parameters: UnsafeMutablePointer<Double>
    let layerGradNorm: UnsafeMutablePointer<Double>

    init(capacity: Int, parameterDimension: Int, layerCount: Int) {
        self.capacity = capacity
        self.parameterDimension = parameterDimension
        self.layerCount = layerCount
        step = .allocate(capacity: capacity)
        loss = .allocate(capacity: capacity)
        gradNorm = .allocate(capacity: capacity)
        learningRate = .allocate(capacity: capacity)
        ticks = .allocate(capacity: capacity)
        parameters = .allocate(capacity: capacity * parameterDimension)
        layerGradNorm = .allocate(capacity: capacity * layerCount)
    }

    deinit {
        step.deallocate()
        loss.deallocate()
        gradNorm.deallocate()
        learningRate.deallocate()
        ticks.deallocate()
        parameters.deallocate()
        layerGradNorm.deallocate()
    }

    /// Appends a row's scalar columns and returns its index; the caller fills the row's
    /// parameters and layer norms at `index × width`.
    @inline(__always)
    mutating func appendRow(step: Int, loss: Double, gradNorm: Double, learningRate: Double, ticks: UInt64) -> Int {
        precondition(count < capacity, "more rows than the plan reserved")
        let index = count
        self.step[index] = Int64(step)
        self.loss[index] = loss
        self.gradNorm[index] = gradNorm
        self.learningRate[index] = learningRate
        self.ticks[index] = ticks
        count += 1
        return index
    }

    /// Sets row `index`'s gradient norms (overall and per layer) to NaN: the row of a failed
    /// evaluation, whose gradient buffer holds no gradient.
    mutating func clearGradientNorms(ofRow index: Int) {
        gradNorm[index] = .nan
        for i in 0..<layerCount { layerGradNorm[index * layerCount + i] = .nan }
    }

    /// Copies the rows into `trajectory`, time stamps converted to seconds.
    func write(into trajectory: inout Trajectory, seconds: (UInt64) -> Double) {
        trajectory.step = Array(UnsafeBufferPointer(start: step, count: count))
        trajectory.loss = Array(UnsafeBufferPointer(start: loss, count: count))
        trajectory.gradNorm = Array(UnsafeBufferPointer(start: gradNorm, count: count))
        trajectory.learningRate = Array(UnsafeBufferPointer(start: learningRate, count: count))
        trajectory.seconds = UnsafeBufferPointer(start: ticks, count: count).map(seconds)
        trajectory.parameters = Array(UnsafeBufferPointer(start: parameters, count: count * parameterDimension))
        trajectory.layerGradNorm = Array(UnsafeBufferPointer(start: layerGradNorm, count: count * layerCount))
    }
}
