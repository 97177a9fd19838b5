/// Bulk stores of a run's scalar type in specialized code, for generic initializers.
///
/// A network's data and workspace are built through `any TrainingProblem`, so their
/// initializers run unspecialized, and a store of `T` there goes through value witnesses, one
/// call per element: copying the digits data into a run's precision was ~13% of a one-epoch
/// digits MLP run. A `@_specialize`d function reached from generic code branches to its
/// specialized body once per call, not once per element.
enum ScalarFill {
    /// Writes `source[i]` converted to `T` to `destination[i]` (memory initialized or trivial).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func store<T: OptScalar>(_ source: [Double], convertedTo destination: UnsafeMutablePointer<T>) {
        source.withUnsafeBufferPointer { source in
            for i in source.indices { destination[i] = T(source[i]) }
        }
    }

    /// Initializes every element of `buffer` to zero.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func zero<T: OptScalar>(_ buffer: UnsafeMutableBufferPointer<T>) {
        buffer.initialize(repeating: 0)
    }
}
