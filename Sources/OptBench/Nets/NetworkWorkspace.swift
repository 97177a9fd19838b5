/// The memory one run needs to push batches of up to `capacity` examples through a
/// ``Sequential`` network and back: the input, every layer's output, two gradient buffers
/// used in turn, and each layer's scratch. Allocated once, in one block, when made.
///
/// Use: fill ``input(rows:)``, call ``forward(rows:parameters:training:rng:)``, write ∂L/∂output
/// into ``outputGradient(rows:)``, call ``backward(rows:parameters:parameterGradient:inputGradient:)``.
/// None of these allocate. Making a workspace makes OpenBLAS single-threaded for the process
/// (runs are parallel, one per core).
public final class NetworkWorkspace<T: OptScalar> {
    public let network: Sequential
    /// The largest batch the workspace holds.
    public let capacity: Int
    private let storage: UnsafeMutableBufferPointer<T>
    /// Index 0: the input; index k + 1: the output of layer k.
    private let activations: [UnsafeMutablePointer<T>]
    private let gradients: (UnsafeMutablePointer<T>, UnsafeMutablePointer<T>)
    private let scratch: [UnsafeMutableBufferPointer<T>]

    public init(network: Sequential, capacity: Int) {
        precondition(capacity >= 1, "workspace capacity must be ≥ 1")
        BLAS.useOneThread()
        self.network = network
        self.capacity = capacity
        let widths = [network.inputShape.count] + network.layers.map(\.outputShape.count)
        let widest = widths.max()!
        let scratchCounts = network.layers.map { $0.scratchCount(rows: capacity) }
        let total = Self.elementCount(network: network, capacity: capacity)
        storage = .allocate(capacity: total)
        ScalarFill.zero(storage)
        var next = storage.baseAddress!
        var activations: [UnsafeMutablePointer<T>] = []
        for width in widths {
            activations.append(next)
            next += capacity * width
        }
        gradients = (next, next + capacity * widest)
        next += 2 * capacity * widest
        var scratch: [UnsafeMutableBufferPointer<T>] = []
        for count in scratchCounts {
            scratch.append(UnsafeMutableBufferPointer(start: next, count: count))
            next += count
        }
        self.activations = activations
        self.scratch = scratch
    }

    deinit {
        storage.deallocate()
    }

    /// The scalars a workspace for `network` and `capacity` rows holds (saturating, since a
    /// suite can ask for absurd sizes, which ``MemoryRequirement`` then refuses).
    public static func elementCount(network: Sequential, capacity: Int) -> Int {
        let widths = [network.inputShape.count] + network.layers.map(\.outputShape.count)
        var total = MemoryRequirement()
        total.add(capacity, of: widths.reduce(0, +) + 2 * widths.max()!)
        for layer in network.layers { total.add(layer.scratchCount(rows: capacity), of: 1) }
        return total.bytes
    }

    /// Where the caller puts a batch of `rows` examples.
    public func input(rows: Int) -> MatrixView<T> {
        view(activations[0], rows: rows, columns: network.inputShape.count)
    }

    /// The network's output for the last forward pass of `rows` examples.
    public func output(rows: Int) -> MatrixView<T> {
        view(activations[network.layers.count], rows: rows, columns: network.outputShape.count)
    }

    /// Where the caller puts ∂L/∂output before ``backward(rows:parameters:parameterGradient:inputGradient:)``.
    public func outputGradient(rows: Int) -> MatrixView<T> {
        view(gradients.0, rows: rows, columns: network.outputShape.count)
    }

    /// Runs every layer on the first `rows` examples of ``input(rows:)``; returns the output.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    @discardableResult
    public func forward(rows: Int, parameters: UnsafeBufferPointer<T>, training: Bool, rng: inout SplitMix64) -> MatrixView<T> {
        precondition(rows >= 1 && rows <= capacity, "batch of \(rows) rows in a workspace for \(capacity)")
        precondition(parameters.count == network.parameterCount, "expected \(network.parameterCount) parameters, got \(parameters.count)")
        let layers = network.layers
        for k in layers.indices {
            let layer = layers[k]
            layer.forward(
                view(activations[k], rows: rows, columns: layer.inputShape.count),
                parameters: UnsafeBufferPointer(rebasing: parameters[network.parameterRanges[k]]),
                output: view(activations[k + 1], rows: rows, columns: layer.outputShape.count),
                scratch: scratch[k], training: training, rng: &rng)
        }
        return output(rows: rows)
    }

    /// Back-propagates ``outputGradient(rows:)`` through the last forward pass (which must have
    /// been in training mode, on the same `rows` and parameters), writing every element of
    /// `parameterGradient` and, when given, ∂L/∂input into `inputGradient`.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func backward(
        rows: Int, parameters: UnsafeBufferPointer<T>, parameterGradient: UnsafeMutableBufferPointer<T>,
        inputGradient: MatrixView<T>? = nil
    ) {
        precondition(parameterGradient.count == network.parameterCount, "expected \(network.parameterCount) gradient elements, got \(parameterGradient.count)")
        let layers = network.layers
        var current = gradients.0, spare = gradients.1
        for k in layers.indices.reversed() {
            let layer = layers[k]
            let range = network.parameterRanges[k]
            let target = k > 0 ? view(spare, rows: rows, columns: layer.inputShape.count) : inputGradient
            layer.backward(
                input: view(activations[k], rows: rows, columns: layer.inputShape.count),
                output: view(activations[k + 1], rows: rows, columns: layer.outputShape.count),
                outputGradient: view(current, rows: rows, columns: layer.outputShape.count),
                parameters: UnsafeBufferPointer(rebasing: parameters[range]),
                parameterGradient: UnsafeMutableBufferPointer(rebasing: parameterGradient[range]),
                inputGradient: target, scratch: scratch[k])
            swap(&current, &spare)
        }
    }

    @inline(__always)
    private func view(_ base: UnsafeMutablePointer<T>, rows: Int, columns: Int) -> MatrixView<T> {
        MatrixView(base: base, rows: rows, columns: columns)
    }
}
