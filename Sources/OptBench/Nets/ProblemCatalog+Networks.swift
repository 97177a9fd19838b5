/// The network problems of the catalog: `logreg`, `mlp`, `autoencoder`, `cnn`.
///
/// Every entry takes a `dataset` (a shipped file or a synthetic generator, see
/// ``DatasetCatalog``), splits it deterministically and stratified by class
/// (`test_fraction`), standardizes the features with the training part's statistics, and
/// picks the loss from the data: softmax cross-entropy for K > 2 classes, binary
/// cross-entropy on one logit for 2 classes, mean squared error for regression targets (and
/// for an autoencoder's reconstruction).
///
/// Identity: `dataset` always appears in the problem's configuration (a network problem
/// without its dataset is unreadable); every other setting only when it differs from its
/// default, e.g. `mlp(dataset=digits)`, `mlp(dataset=moons,hidden=[16,16],noise=0.2)`.
///
/// Randomness that belongs to the problem, not the run: synthetic data is generated from
/// `StableHash("data|<dataset identity>")` and the split from
/// `StableHash("split|<dataset identity>|<test_fraction>")`, where the dataset identity is
/// its name plus, for synthetic data, `(samples=…,noise=…,data_seed=…)`. Every run, seed and
/// optimizer of a problem, and every architecture on the same data, sees the same examples
/// and the same split; seeds vary the initialization, minibatch order and dropout masks.
extension ProblemCatalog {
    static let networkProblems: [ProblemSpec] = [
        ProblemSpec(
            name: "logreg", family: .network,
            summary: "softmax (or, for 2 classes, logistic) regression: one dense layer; default iris",
            parameters: NetworkSettings.table(for: .logreg)
        ) { s throws(ProblemError) in try NetworkSettings.build(.logreg, s) },
        ProblemSpec(
            name: "mlp", family: .network,
            summary: "multilayer perceptron: dense layers of `hidden` widths with `activation` and optional dropout; default digits 64-128-10",
            parameters: NetworkSettings.table(for: .mlp)
        ) { s throws(ProblemError) in try NetworkSettings.build(.mlp, s) },
        ProblemSpec(
            name: "autoencoder", family: .network,
            summary: "MSE reconstruction of the features through `hidden` widths and a `bottleneck`, mirrored; default digits 64-32-8-32-64",
            parameters: NetworkSettings.table(for: .autoencoder)
        ) { s throws(ProblemError) in try NetworkSettings.build(.autoencoder, s) },
        ProblemSpec(
            name: "cnn", family: .network,
            summary: "conv 3×3 + activation + max-pool 2×2 per `channels` entry, then dense `hidden` layers; image data (digits)",
            parameters: NetworkSettings.table(for: .cnn)
        ) { s throws(ProblemError) in try NetworkSettings.build(.cnn, s) },
    ]

    /// ``make(_:settings:)`` for suites whose network problems name shipped datasets: their
    /// files are read through `datasets` (the core itself does no I/O). Synthetic datasets and
    /// other problems need no resolver.
    /// - Throws: ``ProblemError`` as ``make(_:settings:)`` does, or the resolver's error
    ///   (one line naming the file).
    public static func make(_ name: String, settings: [String: ConfigValue] = [:], datasets: any DatasetResolver) throws(ProblemError) -> any Problem {
        do {
            return try DatasetResolution.$current.withValue(datasets) { try make(name, settings: settings) }
        } catch let error as ProblemError {
            throw error
        } catch {
            throw ProblemError(key: nil, message: "\(error)")
        }
    }
}

/// The resolver in effect while ``ProblemCatalog/make(_:settings:datasets:)`` builds a
/// problem (a task-local value, so concurrent builds cannot see each other's).
enum DatasetResolution {
    @TaskLocal static var current: (any DatasetResolver)?
}

extension ResolvedProblemSettings {
    /// The text value of `key` (a `.text` setting).
    public func text(_ key: String) -> String {
        guard let value = entries[key]?.textValue else { preconditionFailure("no text setting '\(key)'") }
        return value
    }

    /// The integers of `key` (an `.integerList` setting).
    public func integers(_ key: String) -> [Int] {
        guard case .list(let items) = entries[key] else { preconditionFailure("no integer-list setting '\(key)'") }
        return items.map { $0.integerValue! }
    }
}

/// The settings tables of the network problems and how they become a ``NetworkProblem``.
enum NetworkSettings {
    enum Kind: String {
        case logreg, mlp, autoencoder, cnn
    }

    /// Settings that only synthetic datasets use.
    static let syntheticKeys = ["samples", "noise", "data_seed"]

    static func table(for kind: Kind) -> [HyperparameterSpec] {
        let datasetNames = kind == .cnn
            ? DatasetCatalog.shipped.filter { $0.imageShape != nil }.map(\.name)
            : DatasetCatalog.names
        let defaultDataset = kind == .logreg ? "iris" : "digits"
        let datasetSummary = kind == .cnn
            ? "the image data: \(datasetNames.joined(separator: ", "))"
            : "the data: a shipped file (\(DatasetCatalog.shipped.map(\.name).joined(separator: ", "))) or a generator (\(SyntheticDataset.allCases.map(\.rawValue).joined(separator: ", ")))"
        var rows: [HyperparameterSpec] = [
            .init("dataset", .text(choices: datasetNames), default: .text(defaultDataset), datasetSummary),
            .init("data_file", .freeText, default: "", "a data file of your own instead of `dataset`: .csv, .h5/.hdf5, or IDX images (with labels_file); relative to the suite file"),
            .init("labels_file", .freeText, default: "", "the IDX labels file that goes with IDX images in data_file"),
            .init("label_column", .freeText, default: "label", "the CSV column holding the class label"),
            .init("x_name", .freeText, default: "X", "the HDF5 dataset of features ([n, d], or [n, h, w] / [n, c, h, w] images)"),
            .init("y_name", .freeText, default: "y", "the HDF5 dataset of targets (integer classes [n], or real values [n] / [n, k])"),
        ]
        let widths = ValidRange(lower: 1, upper: 1_000_000, upperInclusive: true)
        switch kind {
        case .logreg:
            break
        case .mlp:
            rows.append(.init("hidden", .integerList, default: .list([128]), range: widths, "hidden layer widths, input to output ([] is logistic regression)"))
        case .autoencoder:
            rows.append(.init("hidden", .integerList, default: .list([32]), range: widths, "encoder widths before the bottleneck (the decoder mirrors them)"))
            rows.append(.init("bottleneck", .integer, default: 8, range: widths, "width of the code layer (fewer than the features)"))
        case .cnn:
            rows.append(.init("channels", .integerList, default: .list([8, 16]), range: widths,
                              "output channels of each conv 3×3 → activation → max-pool 2×2 block"))
            rows.append(.init("hidden", .integerList, default: .list([]), range: widths, "dense hidden widths after flattening"))
        }
        if kind != .logreg {
            rows.append(.init("activation", .text(choices: ActivationFunction.allCases.map(\.rawValue)), default: "relu", "nonlinearity after each hidden layer"))
        }
        if kind == .mlp || kind == .cnn {
            rows.append(.init("dropout", default: 0.0, range: .unitHalfOpen, "drop probability after each dense hidden layer's activation (training only)"))
        }
        rows += [
            .init("batch_size", .integer, default: 32, range: widths, "examples per minibatch (an epoch's last batch may be smaller)"),
            .init("test_fraction", default: 0.2, range: ValidRange(lower: 0, lowerInclusive: false, upper: 1), "share of each class held out for testing"),
            .init("init", .text(choices: ["auto"] + Initializer.allCases.map(\.rawValue)), default: "auto",
                  "weight initialization; auto: he_uniform for relu-like activations, glorot_uniform for tanh, sigmoid and logreg"),
        ]
        if kind != .cnn {
            rows += [
                .init("samples", .integer, default: 1000, range: ValidRange(lower: 10, upper: 10_000_000, upperInclusive: true), "examples generated (synthetic datasets only)"),
                .init("noise", default: 0.1, range: .nonNegative, "standard deviation of the Gaussian noise (synthetic datasets only)"),
                .init("data_seed", .integer, default: 0, range: .nonNegative, "which draw of the synthetic data (synthetic datasets only)"),
            ]
        }
        return rows
    }

    static func build(_ kind: Kind, _ s: ResolvedProblemSettings) throws(ProblemError) -> NetworkProblem {
        let table = table(for: kind)
        let (dataset, identity) = try dataset(s, table: table)
        try checkTargets(dataset, key: s.text("data_file").isEmpty ? "dataset" : "data_file")
        if kind == .logreg, dataset.classCount == 0 {
            throw ProblemError(key: "dataset", message: "logreg needs a dataset with classes; '\(dataset.name)' is regression data")
        }
        let testFraction = s.real("test_fraction")
        let split = DatasetSplit.stratified(dataset, testFraction: testFraction, seed: StableHash.of("split|\(identity)|\(testFraction)"))
        guard split.test.count > 0 else {
            throw ProblemError(key: "test_fraction", message: "\(testFraction) of \(dataset.count) examples leaves no test examples")
        }
        let data = split.standardized().split

        let activation = kind == .logreg ? nil : ActivationFunction(rawValue: s.text("activation"))!
        let initializer: Initializer = switch s.text("init") {
        case "auto": activation?.prefersHeInitialization == true ? .heUniform : .glorotUniform
        case let name: Initializer(rawValue: name)!
        }
        let loss: any Loss
        let targets: NetworkProblem.Targets
        var outputs: Int
        switch (kind, dataset.targets) {
        case (.autoencoder, _):
            (loss, targets, outputs) = (MeanSquaredError(), .inputs, dataset.featureCount)
        case (_, .values(let values)):
            (loss, targets, outputs) = (MeanSquaredError(), .values, values.columns)
        case (_, .classes(_, let count)) where count == 2:
            (loss, targets, outputs) = (BinaryCrossEntropyWithLogits(), .labels, 1)
        case (_, .classes(_, let count)):
            (loss, targets, outputs) = (SoftmaxCrossEntropy(), .labels, count)
        }

        var recipe = NetworkRecipe(input: dataset.featureShape, initializer: initializer)
        switch kind {
        case .logreg:
            recipe.dense(outputs)
        case .mlp:
            for width in s.integers("hidden") {
                recipe.dense(width)
                recipe.activation(activation!)
                recipe.dropout(s.real("dropout"))
            }
            recipe.dense(outputs)
        case .autoencoder:
            let bottleneck = s.integer("bottleneck")
            guard bottleneck < dataset.featureCount else {
                throw ProblemError(key: "bottleneck", message: "expected fewer units than the \(dataset.featureCount) features of \(dataset.name), got \(bottleneck)")
            }
            let hidden = s.integers("hidden")
            for width in hidden + [bottleneck] + hidden.reversed() {
                recipe.dense(width)
                recipe.activation(activation!)
            }
            recipe.dense(outputs)
        case .cnn:
            let channels = s.integers("channels")
            guard !channels.isEmpty else { throw ProblemError(key: "channels", message: "expected at least one convolution block, got []") }
            guard channels.count <= 16 else { throw ProblemError(key: "channels", message: "expected at most 16 convolution blocks, got \(channels.count)") }
            let shape = dataset.featureShape
            let factor = 1 << channels.count
            guard shape.height % factor == 0 && shape.width % factor == 0 else {
                throw ProblemError(key: "channels", message: "\(channels.count) max-pool 2×2 stages need height and width divisible by \(factor); \(dataset.name) images are \(shape.height)×\(shape.width)")
            }
            for count in channels {
                recipe.convolution(count)
                recipe.activation(activation!)
                recipe.pool()
            }
            recipe.flatten()
            for width in s.integers("hidden") {
                recipe.dense(width)
                recipe.activation(activation!)
                recipe.dropout(s.real("dropout"))
            }
            recipe.dense(outputs)
        }

        let defaults = Dictionary(uniqueKeysWithValues: table.map { ($0.name, $0.defaultValue) })
        let usesFile = !s.text("data_file").isEmpty
        let configuration = s.entries.filter { ($0.key == "dataset" && !usesFile) || ($0.key != "dataset" && defaults[$0.key] != $0.value) }
        return NetworkProblem(
            name: kind.rawValue, configuration: configuration, network: Sequential(recipe.layers), loss: loss,
            targets: targets, data: data, batchSize: s.integer("batch_size"))
    }

    /// Refuses targets a network cannot learn from, before anything is sized by them: fewer
    /// than 2 classes, more classes than examples, a class with no example (labels must be
    /// 0, 1, 2, …), non-finite or zero-width regression targets.
    static func checkTargets(_ dataset: Dataset, key: String) throws(ProblemError) {
        switch dataset.targets {
        case .classes(let labels, let count):
            guard count >= 2 else {
                throw ProblemError(key: key, message: "\(dataset.name) has \(count) class; expected at least 2 (labels 0, 1, …)")
            }
            guard count <= labels.count else {
                throw ProblemError(key: key, message: "\(dataset.name): a label of \(count - 1) means \(count) classes for \(labels.count) examples; labels must be 0, 1, 2, …")
            }
            var seen = [Bool](repeating: false, count: count)
            for label in labels { seen[Int(label)] = true }
            if let empty = seen.firstIndex(of: false) {
                throw ProblemError(key: key, message: "\(dataset.name): no example of class \(empty) among classes 0…\(count - 1); labels must be 0, 1, 2, … (1-based labels?)")
            }
        case .values(let values):
            guard values.columns >= 1, values.rows == dataset.count else {
                throw ProblemError(key: key, message: "\(dataset.name): expected one row of at least one target per example")
            }
            guard values.elements.allSatisfy(\.isFinite) else {
                throw ProblemError(key: key, message: "\(dataset.name): the targets hold NaN or infinite values")
            }
        }
    }

    /// The dataset named by the settings, and its identity (the name, plus the generator's
    /// settings for synthetic data).
    static func dataset(_ s: ResolvedProblemSettings, table: [HyperparameterSpec]) throws(ProblemError) -> (Dataset, String) {
        let file = s.text("data_file")
        let fileKeys = ["labels_file", "label_column", "x_name", "y_name"]
        if file.isEmpty {
            for row in table where fileKeys.contains(row.name) && s.entries[row.name] != row.defaultValue {
                throw ProblemError(key: row.name, message: "applies to data_file only")
            }
        } else {
            guard let resolver = DatasetResolution.current else {
                throw ProblemError(key: "data_file", message: "data files are read by the runner: build with ProblemCatalog.make(_:settings:datasets:)")
            }
            for row in table where syntheticKeys.contains(row.name) && s.entries[row.name] != row.defaultValue {
                throw ProblemError(key: row.name, message: "applies to synthetic datasets only, not to a data_file")
            }
            let labels = s.text("labels_file")
            let reference = DataFileReference(
                path: file, labelsPath: labels.isEmpty ? nil : labels, labelColumn: s.text("label_column"),
                featuresName: s.text("x_name"), targetsName: s.text("y_name"))
            let dataset = try resolver.load(reference)
            let identity = "file(" + s.entries.filter { (["data_file"] + fileKeys).contains($0.key) }.canonicalArguments + ")"
            return (dataset, identity)
        }
        let name = s.text("dataset")
        if let synthetic = SyntheticDataset(rawValue: name) {
            let samples = s.integer("samples"), noise = s.real("noise"), dataSeed = s.integer("data_seed")
            let identity = "\(name)(samples=\(samples),noise=\(noise),data_seed=\(dataSeed))"
            var rng = SplitMix64(seed: StableHash.of("data|\(identity)"))
            return (synthetic.generate(samples: samples, noise: noise, rng: &rng), identity)
        }
        guard let entry = DatasetCatalog.shipped(named: name) else {
            throw ProblemError(key: "dataset", message: "unknown dataset '\(name)'")
        }
        for row in table where syntheticKeys.contains(row.name) && s.entries[row.name] != row.defaultValue {
            throw ProblemError(key: row.name, message: "applies to synthetic datasets only, not to '\(name)'")
        }
        guard let resolver = DatasetResolution.current else {
            throw ProblemError(key: "dataset", message: "'\(name)' is a shipped dataset (\(entry.fileName)), read by the runner: build with ProblemCatalog.make(_:settings:datasets:)")
        }
        var dataset = try resolver.load(entry)
        guard dataset.featureCount == entry.featureCount, dataset.classCount == entry.classCount else {
            throw ProblemError(key: "dataset", message: "\(entry.fileName): expected \(entry.featureCount) features and \(entry.classCount) classes, found \(dataset.featureCount) and \(dataset.classCount)")
        }
        if dataset.imageShape == nil { dataset.imageShape = entry.imageShape }
        return (dataset, name)
    }
}

/// Builds a layer list while tracking the current shape and numbering layers by kind
/// (`dense1`, `relu1`, `conv1`, `pool1`, `dropout1`, `flatten1`).
struct NetworkRecipe {
    private(set) var layers: [any Layer] = []
    private(set) var shape: FeatureShape
    let initializer: Initializer
    private var counts: [String: Int] = [:]

    init(input: FeatureShape, initializer: Initializer) {
        self.shape = input
        self.initializer = initializer
    }

    private mutating func name(_ kind: String) -> String {
        counts[kind, default: 0] += 1
        return "\(kind)\(counts[kind]!)"
    }

    private mutating func append(_ layer: any Layer) {
        layers.append(layer)
        shape = layer.outputShape
    }

    mutating func dense(_ outputs: Int) {
        if !shape.isFlat { flatten() }
        append(Dense(name: name("dense"), inputs: shape.count, outputs: outputs, initializer: initializer))
    }

    mutating func activation(_ function: ActivationFunction) {
        append(Activation(name: name(function.rawValue), function, shape: shape))
    }

    mutating func dropout(_ rate: Double) {
        if rate > 0 { append(Dropout(name: name("dropout"), rate: rate, shape: shape)) }
    }

    mutating func convolution(_ channels: Int) {
        append(Conv2D(name: name("conv"), inputShape: shape, outputChannels: channels, initializer: initializer))
    }

    mutating func pool() {
        append(MaxPool2D(name: name("pool"), inputShape: shape))
    }

    mutating func flatten() {
        append(Flatten(name: name("flatten"), inputShape: shape))
    }
}
