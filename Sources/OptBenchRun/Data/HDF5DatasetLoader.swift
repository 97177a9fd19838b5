import Foundation
import HDF5
import OptBench

/// Reads a dataset from an HDF5 file holding a features dataset (`X` by default) and a
/// targets dataset (`y`), as h5py writes them from numpy arrays.
///
/// Features: float64, float32 or int64, of shape [n, d], or images [n, h, w] / [n, c, h, w]
/// (the image shape is kept for convolutional networks). Targets: int64 [n] holding classes
/// 0…K−1, or float [n] / [n, k] holding regression values.
public enum HDF5DatasetLoader {
    /// The most values a features dataset may hold (2²⁸ doubles: 2 GiB in memory).
    public static let maximumElements = 1 << 28
    /// The largest file accepted. The file is read into memory whole (a snapshot, see
    /// ``FileSnapshot``) and libhdf5 parses it there, so features and targets come from one
    /// state of the file.
    public static let maximumFileSize = 2 << 30

    /// - Throws: ``InputError`` naming the file and dataset: a missing file, not HDF5, a missing
    ///   dataset (listing what the file has), unsupported types or shapes, counts that differ,
    ///   negative class labels.
    public static func load(path: String, featuresName: String = "X", targetsName: String = "y", name: String? = nil) throws(InputError) -> Dataset {
        do {
            return try read(path: path, featuresName: featuresName, targetsName: targetsName, name: name)
        } catch let error as InputError {
            throw error
        } catch let error as H5Error {
            throw InputError(file: path, keyPath: error.object, message: error.brief)
        } catch {
            throw InputError(file: path, message: "\(error)")
        }
    }

    private static func read(path: String, featuresName: String, targetsName: String, name: String?) throws -> Dataset {
        let bytes = try FileSnapshot.read(path, expected: "a data file", maximumSize: maximumFileSize) { size in
            "the file is \(size) bytes; at most \(maximumFileSize) are accepted"
        }
        let file = try H5File.open(image: bytes, name: path)
        defer { try? file.close() }
        let root = try file.root
        for wanted in [featuresName, targetsName] where !(try root.exists(wanted)) {
            let found = try root.memberNames()
            throw InputError(file: path, message: "no dataset '\(wanted)'; the file has " + (found.isEmpty ? "nothing" : found.map { "'\($0)'" }.joined(separator: ", "))
                + "; name them with x_name and y_name")
        }
        let features = try root.openDataset(featuresName)
        let targets = try root.openDataset(targetsName)
        let shape = try features.shape
        guard (2...4).contains(shape.count), shape.allSatisfy({ $0 > 0 }) else {
            throw InputError(file: path, keyPath: featuresName, message: "shape \(shape); expected [n, d], [n, h, w] or [n, c, h, w] with no empty side")
        }
        // Shapes come from the file: a few kilobytes can declare terabytes. Bound them first.
        var elements = 1
        for side in shape {
            let product = elements.multipliedReportingOverflow(by: side)
            guard !product.overflow, product.partialValue <= maximumElements else {
                throw InputError(file: path, keyPath: featuresName, message: "shape \(shape) holds more than \(maximumElements) values, the most a dataset may have")
            }
            elements = product.partialValue
        }
        let count = shape[0], width = elements / count
        let values: [Double] = switch features.scalarType {
        case .int64: try features.read(as: Int64.self).map(Double.init)
        case .float32, .float64: try features.read(as: Double.self)
        case nil: throw InputError(file: path, keyPath: featuresName, message: "expected float64, float32 or int64 values")
        }
        guard values.allSatisfy(\.isFinite) else {
            throw InputError(file: path, keyPath: featuresName, message: "holds NaN or infinite values")
        }
        let imageShape: FeatureShape? = switch shape.count {
        case 3: FeatureShape(channels: 1, height: shape[1], width: shape[2])
        case 4: FeatureShape(channels: shape[1], height: shape[2], width: shape[3])
        default: nil
        }
        let targetShape = try targets.shape
        guard targetShape.first == count, targetShape.count <= 2, targetShape.dropFirst().allSatisfy({ $0 >= 1 && $0 <= 1 << 16 }) else {
            throw InputError(file: path, keyPath: targetsName, message: "shape \(targetShape); expected [\(count)] or [\(count), k] to match \(featuresName)'s \(count) examples")
        }
        let datasetTargets: Dataset.Targets
        switch targets.scalarType {
        case .int64:
            guard targetShape.count == 1 else {
                throw InputError(file: path, keyPath: targetsName, message: "integer labels must have shape [\(count)], got \(targetShape)")
            }
            let labels = try targets.read(as: Int64.self)
            if let bad = labels.firstIndex(where: { $0 < 0 || $0 > Int64(Int32.max) }) {
                throw InputError(file: path, keyPath: targetsName, message: "label \(labels[bad]) at row \(bad); expected classes 0, 1, 2, …")
            }
            datasetTargets = .classes(labels: labels.map { Int32($0) }, count: Int(labels.max() ?? 0) + 1)
        case .float32, .float64:
            let columns = targetShape.count == 2 ? targetShape[1] : 1
            datasetTargets = .values(Matrix(rows: count, columns: columns, elements: try targets.read(as: Double.self)))
        case nil:
            throw InputError(file: path, keyPath: targetsName, message: "expected int64 class labels or float values")
        }
        return Dataset(name: name ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
                       features: Matrix(rows: count, columns: width, elements: values), targets: datasetTargets, imageShape: imageShape)
    }
}
