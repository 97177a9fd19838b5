/// A chain of layers, each feeding the next, with all parameters in one flat buffer: layer
/// `k`'s blocks start at `parameterOffsets[k]`, in layer order, each layer's `weight` before
/// its `bias`.
///
/// The value describes the network only; a run's activations and gradients live in a
/// ``NetworkWorkspace`` made once per run.
public struct Sequential: Sendable {
    public let layers: [any Layer]
    /// Where each layer's slice of the parameter buffer starts.
    public let parameterOffsets: [Int]
    /// Each layer's slice of the parameter buffer (precomputed: hot loops must not build
    /// the `parameters` arrays of the layers).
    public let parameterRanges: [Range<Int>]
    /// The total number of parameters (the problem's dimension).
    public let parameterCount: Int

    /// - Precondition: consecutive layers agree on shapes (`outputShape` of one equals the
    ///   `inputShape` of the next), there is at least one layer, and layer names are unique.
    public init(_ layers: [any Layer]) {
        precondition(!layers.isEmpty, "a network needs at least one layer")
        for (previous, next) in zip(layers, layers.dropFirst()) {
            precondition(previous.outputShape == next.inputShape,
                         "\(previous.name) gives \(previous.outputShape) but \(next.name) takes \(next.inputShape)")
        }
        precondition(Set(layers.map(\.name)).count == layers.count, "layer names must be unique")
        var ranges: [Range<Int>] = []
        var offset = 0
        for layer in layers {
            ranges.append(offset..<(offset + layer.parameterCount))
            offset += layer.parameterCount
        }
        self.layers = layers
        self.parameterOffsets = ranges.map(\.lowerBound)
        self.parameterRanges = ranges
        self.parameterCount = offset
    }

    public var inputShape: FeatureShape { layers[0].inputShape }
    public var outputShape: FeatureShape { layers[layers.count - 1].outputShape }

    /// Every parameter block, named `<layer>.<block>` (`dense1.weight`, `dense1.bias`), in
    /// buffer order.
    public var parameterViews: [ParameterView] {
        zip(layers, parameterOffsets).flatMap { layer, start in
            var offset = start
            return layer.parameters.map { block in
                defer { offset += block.count }
                return ParameterView(name: "\(layer.name).\(block.suffix)", offset: offset, shape: block.shape)
            }
        }
    }

    /// One view per layer with parameters, named after the layer (`dense1`), covering its
    /// weight and bias together (shape `[count]`): what per-layer gradient norms are taken over.
    public var layerViews: [ParameterView] {
        zip(layers, parameterOffsets).compactMap { layer, offset in
            layer.parameterCount == 0 ? nil : ParameterView(name: layer.name, offset: offset, shape: [layer.parameterCount])
        }
    }

    /// Initializes every layer's slice in layer order, all from `rng`.
    public func initialize<T: OptScalar>(_ parameters: UnsafeMutableBufferPointer<T>, rng: inout SplitMix64) {
        precondition(parameters.count == parameterCount, "expected \(parameterCount) parameters, got \(parameters.count)")
        for (layer, range) in zip(layers, parameterRanges) {
            layer.initialize(UnsafeMutableBufferPointer(rebasing: parameters[range]), rng: &rng)
        }
    }

    /// One line per layer: `dense1 64 → 128 (8320 parameters)`.
    public var summary: String {
        layers.map { layer in
            "\(layer.name) \(layer.inputShape) → \(layer.outputShape)" + (layer.parameterCount > 0 ? " (\(layer.parameterCount) parameters)" : "")
        }.joined(separator: "\n")
    }
}
