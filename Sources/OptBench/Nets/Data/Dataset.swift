/// A supervised dataset held in memory: one row of features per example, and a class label
/// or a row of target values per example.
///
/// The core never reads files: shipped datasets are parsed from text handed in by the runner
/// (``Dataset/parsingCSV(_:name:labelColumn:classCount:imageShape:)``), synthetic ones are
/// generated (``SyntheticDataset``).
public struct Dataset: Sendable, Hashable {
    /// What each example is labelled with.
    public enum Targets: Sendable, Hashable {
        /// A class in `0..<count` per example.
        case classes(labels: [Int32], count: Int)
        /// A row of real targets per example (regression).
        case values(Matrix)
    }

    /// `digits`, `moons`.
    public var name: String
    /// `count × featureCount`, row-major.
    public var features: Matrix
    public var targets: Targets
    /// The layout of each row as an image (`1×8×8` for digits), when it is one.
    public var imageShape: FeatureShape?

    public init(name: String, features: Matrix, targets: Targets, imageShape: FeatureShape? = nil) {
        switch targets {
        case .classes(let labels, let count):
            precondition(labels.count == features.rows, "\(name): \(features.rows) rows but \(labels.count) labels")
            precondition(labels.allSatisfy { $0 >= 0 && Int($0) < count }, "\(name): labels outside 0..<\(count)")
        case .values(let values):
            precondition(values.rows == features.rows, "\(name): \(features.rows) rows but \(values.rows) targets")
        }
        if let imageShape {
            precondition(imageShape.count == features.columns, "\(name): image shape \(imageShape) does not hold \(features.columns) features")
        }
        self.name = name
        self.features = features
        self.targets = targets
        self.imageShape = imageShape
    }

    /// The number of examples.
    public var count: Int { features.rows }

    public var featureCount: Int { features.columns }

    /// How a network sees one example: the image shape, or a flat vector.
    public var featureShape: FeatureShape { imageShape ?? .flat(features.columns) }

    /// The class labels, or `nil` for regression data.
    public var labels: [Int32]? {
        if case .classes(let labels, _) = targets { labels } else { nil }
    }

    /// The number of classes (0 for regression data).
    public var classCount: Int {
        if case .classes(_, let count) = targets { count } else { 0 }
    }

    /// Examples per class, indexed by class (empty for regression data).
    public var classCounts: [Int] {
        guard case .classes(let labels, let count) = targets else { return [] }
        var counts = [Int](repeating: 0, count: count)
        for label in labels { counts[Int(label)] += 1 }
        return counts
    }

    /// The examples at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        let targets: Targets = switch self.targets {
        case .classes(let labels, let count): .classes(labels: indices.map { labels[$0] }, count: count)
        case .values(let values): .values(values.rows(at: indices))
        }
        return Dataset(name: name, features: features.rows(at: indices), targets: targets, imageShape: imageShape)
    }
}
