/// Minibatch order for one run: every epoch is a fresh permutation of the training examples,
/// cut into consecutive batches.
///
/// At the start of each epoch the current order (the identity before the first epoch) is
/// shuffled in place by Fisher–Yates from the run's minibatch stream: for i = n−1 … 1, swap
/// positions i and `rng.nextInt(below: i + 1)`. Batches then take `batchSize` examples at a
/// time; the **last batch of an epoch is partial** when `batchSize` does not divide n (as
/// PyTorch's `DataLoader(drop_last=False)`), so an epoch is ⌈n / batchSize⌉ steps and covers
/// every example exactly once.
public struct MinibatchSampler: Sendable {
    /// Training examples per epoch.
    public let count: Int
    public let batchSize: Int
    /// The current epoch's order.
    public private(set) var order: [Int]
    /// The position in `order` of the next batch's first example (0: a new epoch starts).
    private var position = 0
    /// Epochs started so far.
    public private(set) var epoch = 0

    public init(count: Int, batchSize: Int) {
        precondition(count >= 1 && batchSize >= 1, "count and batchSize must be ≥ 1")
        self.count = count
        self.batchSize = batchSize
        self.order = Array(0..<count)
    }

    /// ⌈count / batchSize⌉.
    public var batchesPerEpoch: Int { (count + batchSize - 1) / batchSize }

    /// Replaces the contents of `batch` with the next batch's example indices, reshuffling
    /// first when an epoch begins. Allocates nothing once `batch` has capacity `batchSize`.
    public mutating func nextBatch(into batch: inout [Int], rng: inout SplitMix64) {
        if position == 0 {
            shuffle(&order, rng: &rng)
            epoch += 1
        }
        let end = min(position + batchSize, count)
        batch.removeAll(keepingCapacity: true)
        for i in position..<end { batch.append(order[i]) }
        position = end == count ? 0 : end
    }
}
