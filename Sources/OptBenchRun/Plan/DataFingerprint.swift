import OptBench

/// A stable hash of the data a network problem trains and tests on, part of every run's
/// resume key: a data file whose contents changed under the same path must not let
/// `--resume` reuse runs made on the old contents.
enum DataFingerprint {
    /// The fingerprint of `problem`'s data, or nil for problems without a dataset.
    static func of(_ problem: any Problem) -> String? {
        guard let network = problem as? NetworkProblem else { return nil }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ word: UInt64) {
            hash = (hash ^ word) &* 0x0000_0100_0000_01B3
        }
        for dataset in [network.data.train, network.data.test] {
            mix(UInt64(dataset.count))
            for value in dataset.features.elements { mix(value.bitPattern) }
            switch dataset.targets {
            case .classes(let labels, let count):
                mix(UInt64(count))
                for label in labels { mix(UInt64(UInt32(bitPattern: label))) }
            case .values(let values):
                for value in values.elements { mix(value.bitPattern) }
            }
        }
        return String(SplitMix64.mix(hash), radix: 16)
    }
}
