import FuzzSupport
import OptBench
import OptBenchRun

/// An IDX images file and an IDX labels file (plain or gzip) as a suite's `data_file` and
/// `labels_file` reach them: read by `IDXDatasetLoader` through the runner's
/// `ShippedDatasetLoader`, then checked and split by the network problem built on them.
///
/// Input layout (so one input holds both files):
/// ```
/// byte 0      flags: bit 0 names the images file `.gz`, bit 1 the labels file
/// bytes 1…4   n, big-endian: the images file is the next min(n, rest) bytes
/// the rest    the labels file
/// ```
/// Inputs shorter than 5 bytes are read as an images file alone, with no labels file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = fuzzInput(data, size)
    let flags = input.first ?? 0
    let images = flags & 1 == 0 ? "images.idx" : "images.idx.gz"
    let labels = flags & 2 == 0 ? "labels.idx" : "labels.idx.gz"
    for name in ["images.idx", "images.idx.gz", "labels.idx", "labels.idx.gz"] { FuzzFiles.remove(name) }
    if input.count < 5 {
        FuzzFiles.write(input, name: images)
    } else {
        let declared = input[1..<5].reduce(0) { $0 << 8 | Int($1) }
        let split = 5 + min(declared, input.count - 5)
        FuzzFiles.write(UnsafeRawBufferPointer(rebasing: input[5..<split]), name: images)
        FuzzFiles.write(UnsafeRawBufferPointer(rebasing: input[split...]), name: labels)
    }
    let resolver = ShippedDatasetLoader(directories: [], baseDirectory: FuzzFiles.directory)
    do {
        _ = try ProblemCatalog.make(
            "mlp", settings: ["data_file": .text(images), "labels_file": .text(labels), "hidden": .list([.integer(4)])], datasets: resolver)
    } catch {
        _ = error.description
    }
    return 0
}
