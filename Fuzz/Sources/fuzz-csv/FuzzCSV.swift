import FuzzSupport
import OptBench
import OptBenchRun

/// A CSV data file (plain or gzip) as a suite's `data_file` reaches it: read by
/// `CSVDatasetLoader` through the runner's `ShippedDatasetLoader`, then checked and split by
/// the network problem built on it (a small MLP). Also read as a shipped dataset would be,
/// with a class count and an image shape. Bad input must come back as an error, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzInput(data, size)
    let path = FuzzFiles.write(bytes, name: "data.csv")
    let resolver = ShippedDatasetLoader(directories: [], baseDirectory: FuzzFiles.directory)
    do {
        _ = try ProblemCatalog.make("mlp", settings: ["data_file": .text("data.csv"), "hidden": .list([.integer(4)])], datasets: resolver)
    } catch {
        _ = error.description
    }
    do {
        _ = try CSVDatasetLoader.load(path: path, name: "digits", classCount: 10, imageShape: FeatureShape(channels: 1, height: 2, width: 2))
    } catch {
        _ = error.description
    }
    return 0
}
