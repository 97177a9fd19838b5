/// A dataset shipped with optbench as `Suites/data/<name>.csv` (provenance in
/// `Suites/data/README.md`), described here so the core can validate settings and size
/// networks without reading it.
public struct ShippedDataset: Sendable, Hashable {
    /// `digits`.
    public var name: String
    /// `digits.csv`, relative to the data directory.
    public var fileName: String
    public var rows: Int
    public var featureCount: Int
    public var classCount: Int
    /// The layout of the features as an image, for datasets of images.
    public var imageShape: FeatureShape?
    /// One line for listings.
    public var summary: String
}

/// Every dataset a network problem can name: the shipped files and the synthetic generators.
public enum DatasetCatalog {
    public static let shipped: [ShippedDataset] = [
        ShippedDataset(name: "iris", fileName: "iris.csv", rows: 150, featureCount: 4, classCount: 3,
                       summary: "Fisher's iris: 150 flowers, 4 measurements, 3 species"),
        ShippedDataset(name: "wine", fileName: "wine.csv", rows: 178, featureCount: 13, classCount: 3,
                       summary: "UCI wine recognition: 178 wines, 13 chemical measurements, 3 cultivars"),
        ShippedDataset(name: "breast_cancer", fileName: "breast_cancer.csv", rows: 569, featureCount: 30, classCount: 2,
                       summary: "UCI breast cancer Wisconsin (diagnostic): 569 tumours, 30 features, malignant/benign"),
        ShippedDataset(name: "digits", fileName: "digits.csv", rows: 1797, featureCount: 64, classCount: 10,
                       imageShape: FeatureShape(channels: 1, height: 8, width: 8),
                       summary: "UCI optical digits: 1797 8×8 images (pixels 0–16), 10 classes"),
        ShippedDataset(name: "two_spirals", fileName: "two_spirals.csv", rows: 194, featureCount: 2, classCount: 2,
                       summary: "Lang & Witbrock two spirals: 194 points, 2 classes"),
    ]

    /// Every name a `dataset:` setting accepts: shipped first, then synthetic.
    public static var names: [String] {
        shipped.map(\.name) + SyntheticDataset.allCases.map(\.rawValue)
    }

    public static func shipped(named name: String) -> ShippedDataset? {
        shipped.first { $0.name == name }
    }
}

/// Loads shipped datasets for the core, which does no I/O itself. The runner provides one
/// (it reads `Suites/data/`); tests can provide their own.
///
/// Conformers guarantee: the dataset returned has the entry's feature count and class count,
/// or the call throws a one-line error naming the file.
public protocol DatasetResolver: Sendable {
    func load(_ dataset: ShippedDataset) throws(ProblemError) -> Dataset
    /// Reads a data file of the user's (CSV, HDF5 or IDX).
    func load(_ file: DataFileReference) throws(ProblemError) -> Dataset
}

extension DatasetResolver {
    public func load(_ file: DataFileReference) throws(ProblemError) -> Dataset {
        throw ProblemError(key: "data_file", message: "this resolver reads no data files")
    }
}

/// A data file named in a suite (`data_file:` and its companions), paths as written.
public struct DataFileReference: Sendable, Hashable {
    /// The features (and, for CSV, the labels): `.csv`, `.h5`/`.hdf5`, or IDX images.
    public var path: String
    /// IDX labels, for an IDX images file.
    public var labelsPath: String?
    /// The CSV column holding the label.
    public var labelColumn: String
    /// The HDF5 datasets holding the features and the targets.
    public var featuresName: String
    public var targetsName: String

    public init(path: String, labelsPath: String? = nil, labelColumn: String = "label", featuresName: String = "X", targetsName: String = "y") {
        self.path = path
        self.labelsPath = labelsPath
        self.labelColumn = labelColumn
        self.featuresName = featuresName
        self.targetsName = targetsName
    }
}
