/// A dataset divided into a training part and a test part.
public struct DatasetSplit: Sendable, Hashable {
    public var train: Dataset
    public var test: Dataset

    public init(train: Dataset, test: Dataset) {
        self.train = train
        self.test = test
    }

    /// A deterministic split that keeps each class's share in both parts.
    ///
    /// For each class c (in label order) with n_c examples, its indices are shuffled by
    /// Fisher–Yates from one `SplitMix64(seed: seed)` and the first round(n_c · testFraction)
    /// go to the test part (at most n_c − 1, so every class stays in training). Regression
    /// data is shuffled as one group. Both parts keep the dataset's original row order.
    ///
    /// Seed it from the dataset's identity, not a run's: every run and every optimizer of a
    /// problem must see the same split.
    /// - Parameter testFraction: in (0, 1).
    public static func stratified(_ dataset: Dataset, testFraction: Double, seed: UInt64) -> DatasetSplit {
        precondition(testFraction > 0 && testFraction < 1, "testFraction must be in (0, 1)")
        var rng = SplitMix64(seed: seed)
        var groups: [[Int]]
        if case .classes(let labels, let count) = dataset.targets {
            groups = Array(repeating: [], count: count)
            for (index, label) in labels.enumerated() { groups[Int(label)].append(index) }
        } else {
            groups = [Array(0..<dataset.count)]
        }
        var isTest = [Bool](repeating: false, count: dataset.count)
        for var group in groups where !group.isEmpty {
            shuffle(&group, rng: &rng)
            let testCount = min(Int((Double(group.count) * testFraction).rounded()), group.count - 1)
            for index in group.prefix(testCount) { isTest[index] = true }
        }
        let indices = Array(0..<dataset.count)
        return DatasetSplit(
            train: dataset.subset(indices.filter { !isTest[$0] }),
            test: dataset.subset(indices.filter { isTest[$0] }))
    }

    /// Both parts with every feature standardized by the training part's statistics.
    public func standardized() -> (split: DatasetSplit, standardization: Standardization) {
        let standardization = Standardization(fittedTo: train.features)
        var split = self
        split.train.features = standardization.apply(to: train.features)
        split.test.features = standardization.apply(to: test.features)
        return (split, standardization)
    }
}

/// Fisher–Yates: for i = n−1 … 1, swap element i with element j = `rng.nextInt(below: i + 1)`.
func shuffle<Element>(_ elements: inout [Element], rng: inout SplitMix64) {
    var i = elements.count - 1
    while i > 0 {
        elements.swapAt(i, rng.nextInt(below: i + 1))
        i -= 1
    }
}
