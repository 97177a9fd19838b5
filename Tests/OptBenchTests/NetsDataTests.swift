import OptBench
import Testing

@Suite("Nets: datasets, splits, standardization and minibatches")
struct NetsDataTests {
    @Test("the minibatch sampler covers every example exactly once per epoch, the last batch partial", arguments: [(10, 3), (12, 4), (7, 10), (1, 1)])
    func samplerCoversEachEpoch(count: Int, batchSize: Int) {
        var sampler = MinibatchSampler(count: count, batchSize: batchSize)
        var rng = SplitMix64(seed: 9)
        var batch: [Int] = []
        var orders: [[Int]] = []
        for _ in 0..<3 {
            var seen: [Int] = []
            var sizes: [Int] = []
            for _ in 0..<sampler.batchesPerEpoch {
                sampler.nextBatch(into: &batch, rng: &rng)
                seen += batch
                sizes.append(batch.count)
            }
            #expect(seen.sorted() == Array(0..<count))
            // ⌈count / batchSize⌉ batches, all full except possibly the last.
            #expect(sizes.dropLast().allSatisfy { $0 == batchSize })
            #expect(sizes.last == count - batchSize * (sampler.batchesPerEpoch - 1))
            orders.append(seen)
        }
        #expect(sampler.epoch == 3)
        if count >= 7 { #expect(orders[0] != orders[1] || orders[1] != orders[2], "each epoch is reshuffled") }
    }

    @Test("minibatch order depends only on the stream: the same seed gives the same batches")
    func samplerIsDeterministic() {
        func batches(seed: UInt64) -> [[Int]] {
            var sampler = MinibatchSampler(count: 20, batchSize: 6)
            var rng = SplitMix64(seed: seed)
            var batch: [Int] = []
            return (0..<8).map { _ in sampler.nextBatch(into: &batch, rng: &rng); return batch }
        }
        #expect(batches(seed: 4) == batches(seed: 4))
        #expect(batches(seed: 4) != batches(seed: 5))
    }

    @Test("the first shuffle is Fisher–Yates from the stream: position i swaps with nextInt(below: i + 1)")
    func fisherYatesByHand() {
        // Recompute the permutation of 0..<5 by hand from the same generator.
        var reference = SplitMix64(seed: 21)
        var expected = [0, 1, 2, 3, 4]
        for i in stride(from: 4, to: 0, by: -1) { expected.swapAt(i, reference.nextInt(below: i + 1)) }
        var sampler = MinibatchSampler(count: 5, batchSize: 5)
        var rng = SplitMix64(seed: 21)
        var batch: [Int] = []
        sampler.nextBatch(into: &batch, rng: &rng)
        #expect(batch == expected)
    }

    @Test("the stratified split keeps each class's proportion, is disjoint and covers the data", arguments: [0.2, 0.3, 0.5])
    func stratifiedSplit(testFraction: Double) throws {
        let digits = try RepositoryDatasets().load(DatasetCatalog.shipped(named: "digits")!)
        let split = DatasetSplit.stratified(digits, testFraction: testFraction, seed: 42)
        #expect(split.train.count + split.test.count == digits.count)
        for (c, total) in digits.classCounts.enumerated() {
            let expected = Int((Double(total) * testFraction).rounded())
            #expect(split.test.classCounts[c] == expected, "class \(c)")
            #expect(split.train.classCounts[c] == total - expected)
        }
        // Disjoint and covering: the multiset of rows is the dataset's.
        let rows = (0..<split.train.count).map { Array(split.train.features.row($0)) } + (0..<split.test.count).map { Array(split.test.features.row($0)) }
        let original = (0..<digits.count).map { Array(digits.features.row($0)) }
        #expect(rows.map { $0.description }.sorted() == original.map { $0.description }.sorted())
    }

    @Test("the split is the same for every run: it depends on the seed only")
    func splitIsDeterministic() throws {
        var rng = SplitMix64(seed: 1)
        let data = SyntheticDataset.blobs.generate(samples: 90, noise: 0.3, rng: &rng)
        #expect(DatasetSplit.stratified(data, testFraction: 0.2, seed: 3) == DatasetSplit.stratified(data, testFraction: 0.2, seed: 3))
        #expect(DatasetSplit.stratified(data, testFraction: 0.2, seed: 3) != DatasetSplit.stratified(data, testFraction: 0.2, seed: 4))
        let a = try networkProblem("mlp", ["dataset": "blobs", "hidden": .list([4])])
        let b = try networkProblem("mlp", ["dataset": "blobs", "hidden": .list([8, 8]), "activation": "tanh"])
        #expect(a.data == b.data, "architectures on the same dataset see the same split")
    }

    @Test("standardization is fitted on the training part only")
    func standardization() {
        // Train column [1, 3] → mean 2, sd 1; test value 5 → 3. A constant column keeps sd 1.
        let train = Matrix(rows: 2, columns: 2, elements: [1, 7, 3, 7])
        let s = Standardization(fittedTo: train)
        #expect(s.means == [2, 7] && s.deviations == [1, 1])
        #expect(s.apply(to: Matrix(rows: 1, columns: 2, elements: [5, 8])).elements == [3, 1])
        let split = DatasetSplit(
            train: Dataset(name: "t", features: train, targets: .classes(labels: [0, 1], count: 2)),
            test: Dataset(name: "t", features: Matrix(rows: 1, columns: 2, elements: [5, 8]), targets: .classes(labels: [0], count: 2)))
        let standardized = split.standardized().split
        #expect(standardized.train.features.elements == [-1, 0, 1, 0])
        #expect(standardized.test.features.elements == [3, 1])
    }

    @Test("synthetic datasets are balanced, deterministic for a seed, and of the documented shape", arguments: SyntheticDataset.allCases)
    func syntheticDatasets(kind: SyntheticDataset) {
        var a = SplitMix64(seed: 8), b = SplitMix64(seed: 8)
        let first = kind.generate(samples: 120, noise: 0.1, rng: &a)
        #expect(first == kind.generate(samples: 120, noise: 0.1, rng: &b))
        #expect(first.count == 120)
        if kind == .teacher {
            #expect(first.featureCount == SyntheticDataset.teacherInputs && first.classCount == 0)
        } else {
            #expect(first.featureCount == 2)
            let counts = first.classCounts
            #expect(counts.allSatisfy { $0 == 120 / counts.count })
        }
    }

    @Test("xor labels are the XOR of the coordinates' signs (noise-free)")
    func xorLabels() {
        var rng = SplitMix64(seed: 0)
        let xor = SyntheticDataset.xor.generate(samples: 8, noise: 0, rng: &rng)
        for r in 0..<8 {
            #expect(xor.labels![r] == (xor.features[r, 0] * xor.features[r, 1] < 0 ? 1 : 0))
        }
    }

    @Test("CSV text parses into features and labels; each bad row gives its line and reason", arguments: [
        ("a,b,label\n1,2,0\n3,4,1\n", nil),
        ("a,b,label\r\n1,2,0\r\n3,4,1\r\n\r\n", nil),
        ("a,b,class\n1,2,0\n", "line 1: no column 'label' in the header (columns: a, b, class)"),
        ("a,b,label\n1,2,0\n3,4\n", "line 3: expected 3 fields, found 2"),
        ("a,b,label\n1,2,0\n3,x,1\n", "line 3: column 'b': 'x' is not a finite number"),
        ("a,b,label\n1,2,0\n3,4,1.5\n", "line 3: label '1.5' is not a class index (an integer ≥ 0)"),
        ("a,b,label\n1,2,-1\n", "line 2: label '-1' is not a class index (an integer ≥ 0)"),
        ("a,b,label\n1,2,0\n1,2,3\n", "line 3: label 3 out of range 0..<3"),
        ("a,b,label\n", "no data rows after the header"),
    ] as [(String, String?)])
    func csvParsing(text: String, expectedError: String?) {
        do {
            let dataset = try Dataset.parsingCSV(text, name: "t", classCount: text.contains("1,2,3") ? 3 : nil)
            #expect(expectedError == nil, "parsed, but expected: \(expectedError ?? "")")
            #expect(dataset.features == Matrix(rows: 2, columns: 2, elements: [1, 2, 3, 4]))
            #expect(dataset.labels == [0, 1] && dataset.classCount == 2)
        } catch {
            #expect(error.description == expectedError)
        }
    }
}
