import FuzzSupport
import OptBenchRun

/// A results file as `optbench info` and `optbench report` read it: the bytes are written to
/// a file, `ResultsInfo` summarizes it, `ResultsReader` reads every run whole, and the
/// comparison model is built and rendered as HTML, Markdown and JSON. Bad input must come
/// back as an `InputError`, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResults(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let path = FuzzFiles.write(fuzzInput(data, size), name: "results.h5")
    do {
        _ = try ResultsInfo.text(path: path)
    } catch {
        _ = error.description
    }
    do {
        let reader = try ResultsReader(path: path)
        defer { reader.close() }
        for index in try reader.runIndices() { _ = try reader.run(index) }
        let model = try ComparisonModel(reader: reader)
        _ = HTMLReport().render(model)
        _ = MarkdownReport().render(model)
        _ = JSONReport().render(model)
    } catch {
        _ = error.description
    }
    return 0
}
