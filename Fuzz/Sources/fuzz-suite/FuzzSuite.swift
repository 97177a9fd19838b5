import FuzzSupport
import OptBenchRun

/// A suite file as `optbench run` reads it: `Suite.load` (size, UTF-8, YAML, keys and values),
/// then `RunPlan` (grid expansion, every problem and optimizer built, limits). Bad input must
/// come back as an `InputError`; a trap, a hang or a huge allocation is a finding.
///
/// A small CSV, `data.csv`, lies beside the suite, so `data_file: data.csv` reaches the loader.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSuite(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    _ = dataFile
    let path = FuzzFiles.write(fuzzInput(data, size), name: "suite.yaml")
    do {
        let suite = try Suite.load(path: path)
        _ = try RunPlan(suite: suite)
    } catch {
        _ = error.description
    }
    return 0
}

let dataFile: Void = {
    var csv = "a,b,label\n"
    for i in 0..<20 { csv += "\(i % 7).5,\(i % 3),\(i % 2)\n" }
    csv.utf8CString.dropLast().withUnsafeBytes { FuzzFiles.write($0, name: "data.csv") }
}()
