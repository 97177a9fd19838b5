import Foundation
import HDF5
import Testing

/// Independent readers (h5dump from hdf5-tools, h5py under /usr/bin/python3) see what we wrote.
@Suite("Interoperability with h5dump and h5py")
struct H5InteropTests {
    /// Writes a small file shaped like optbench's layout: attributes of every kind, appended
    /// (chunked, compressed) and fixed datasets, and a list of names.
    static func writeSample(at path: String) throws {
        let file = try H5File.create(at: path)
        try file.attributes.set("optbench_format", 1)
        try file.attributes.set("suite_name", "quickstart ✓")
        let run = try file.root.createGroup("runs/000000")
        try run.attributes.set("run_id", "rosenbrock(dim=2)/adam(lr=0.001)/seed=0")
        try run.attributes.set("seed", 7)
        try run.attributes.set("final_loss", 0.125)
        try run.attributes.set("converged", true)
        let options = H5DatasetOptions(extendable: true, chunkRows: 2, shuffle: true, deflateLevel: 4)
        let step = try run.createDataset("step", of: Int64.self, shape: [0], options: options)
        let loss = try run.createDataset("loss", of: Double.self, shape: [0], options: options)
        let params = try run.createDataset("params", of: Double.self, shape: [0, 2], options: options)
        try step.append([Int64(0), 1])
        try step.append([Int64(2)])
        try loss.append([4.0, 0.5])
        try loss.append([0.125])
        try params.append([-1.5, 2.0, -1.0, 1.5])
        try params.append([0.5, 0.25])
        _ = try run.createDataset("eval/accuracy", values: [Float(0.25), 0.75])
        let layers = try run.createDataset("layer_grad_norm", values: [1.0, 2.0, 3.0, 4.0], shape: [2, 2])
        try layers.attributes.set("layers", ["dense1", "dense2"])
        _ = try run.createStringDataset("names", values: ["adam", "λ"])
        try file.close()
    }

    @Test("h5dump parses the file and shows the types and values we wrote")
    func h5dumpReadsTheFile() throws {
        try requireH5dump()
        let directory = try TemporaryDirectory()
        let path = directory.path("sample.h5")
        try Self.writeSample(at: path)

        let loss = try runProcess(h5dumpPath, ["-d", "/runs/000000/loss", path])
        #expect(loss.status == 0, "\(loss.stderr)")
        #expect(loss.stdout.contains("H5T_IEEE_F64LE"))
        #expect(loss.stdout.contains("SIMPLE { ( 3 ) / ( H5S_UNLIMITED ) }"))
        #expect(loss.stdout.contains("(0): 4, 0.5, 0.125"))

        let params = try runProcess(h5dumpPath, ["-d", "/runs/000000/params", "-p", path])
        #expect(params.status == 0, "\(params.stderr)")
        #expect(params.stdout.contains("SIMPLE { ( 3, 2 ) / ( H5S_UNLIMITED, 2 ) }"))
        #expect(params.stdout.contains("CHUNKED ( 2, 2 )"))
        #expect(params.stdout.contains("SHUFFLE"))
        #expect(params.stdout.contains("DEFLATE"))
        #expect(params.stdout.contains("LEVEL 4"))
        #expect(params.stdout.contains("(0,0): -1.5, 2,"))
        #expect(params.stdout.contains("(2,0): 0.5, 0.25"))

        let step = try runProcess(h5dumpPath, ["-d", "/runs/000000/step", path])
        #expect(step.stdout.contains("H5T_STD_I64LE"))
        #expect(step.stdout.contains("(0): 0, 1, 2"))

        let runID = try runProcess(h5dumpPath, ["-a", "/runs/000000/run_id", path])
        #expect(runID.status == 0, "\(runID.stderr)")
        #expect(runID.stdout.contains("STRSIZE H5T_VARIABLE"))
        #expect(runID.stdout.contains("CSET H5T_CSET_UTF8"))
        #expect(runID.stdout.contains("DATASPACE  SCALAR"))
        #expect(runID.stdout.contains("\"rosenbrock(dim=2)/adam(lr=0.001)/seed=0\""))

        let flag = try runProcess(h5dumpPath, ["-a", "/runs/000000/converged", path])
        #expect(flag.stdout.contains("H5T_ENUM"))
        #expect(flag.stdout.contains("TRUE"))

        let whole = try runProcess(h5dumpPath, ["-H", path])  // headers of every object
        #expect(whole.status == 0, "\(whole.stderr)")
        for name in ["runs", "000000", "eval", "accuracy", "names", "layer_grad_norm"] {
            #expect(whole.stdout.contains("\"\(name)\""), "\(name)")
        }
    }

    @Test("h5py reads the datasets as numpy arrays of the right dtype and strings as str")
    func h5pyReadsTheFile() throws {
        try requireH5py()
        let directory = try TemporaryDirectory()
        let path = directory.path("sample.h5")
        try Self.writeSample(at: path)
        let script = """
            import h5py, json, sys
            import numpy as np
            out = {}
            with h5py.File(sys.argv[1], "r") as f:
                run = f["runs/000000"]
                for name in ["step", "loss", "params", "eval/accuracy", "layer_grad_norm"]:
                    d = run[name]
                    a = d[()]
                    out[name] = {"dtype": str(a.dtype), "shape": list(a.shape), "type": type(a).__name__,
                                 "values": a.ravel().tolist(), "compression": d.compression}
                names = run["names"]
                out["names"] = {"encoding": h5py.check_string_dtype(names.dtype).encoding,
                                "values": list(names.asstr()[()])}
                def describe(v):
                    if isinstance(v, np.ndarray):
                        return {"type": "ndarray", "items": [type(x).__name__ for x in v], "value": list(v)}
                    return {"type": type(v).__name__, "value": v.item() if isinstance(v, np.generic) else v}
                out["run_attrs"] = {k: describe(v) for k, v in run.attrs.items()}
                out["file_attrs"] = {k: describe(v) for k, v in f.attrs.items()}
                out["layers"] = describe(run["layer_grad_norm"].attrs["layers"])
            print(json.dumps(out))
            """
        let output = try runPython(script, [path])
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")

        func dataset(_ name: String) throws -> [String: Any] {
            try #require(json[name] as? [String: Any], "missing \(name) in \(output)")
        }
        #expect(try dataset("step")["dtype"] as? String == "int64")
        #expect(try dataset("step")["values"] as? [Int] == [0, 1, 2])
        #expect(try dataset("step")["type"] as? String == "ndarray")
        #expect(try dataset("loss")["dtype"] as? String == "float64")
        #expect(try dataset("loss")["values"] as? [Double] == [4, 0.5, 0.125])
        #expect(try dataset("loss")["compression"] as? String == "gzip")
        #expect(try dataset("params")["shape"] as? [Int] == [3, 2])
        #expect(try dataset("params")["values"] as? [Double] == [-1.5, 2, -1, 1.5, 0.5, 0.25])
        #expect(try dataset("eval/accuracy")["dtype"] as? String == "float32")
        #expect(try dataset("eval/accuracy")["values"] as? [Double] == [0.25, 0.75])
        #expect(try dataset("layer_grad_norm")["shape"] as? [Int] == [2, 2])
        #expect(try dataset("names")["encoding"] as? String == "utf-8")
        #expect(try dataset("names")["values"] as? [String] == ["adam", "λ"])

        let runAttributes = try #require(json["run_attrs"] as? [String: [String: Any]])
        #expect(runAttributes["run_id"]?["type"] as? String == "str")  // str, not bytes
        #expect(runAttributes["run_id"]?["value"] as? String == "rosenbrock(dim=2)/adam(lr=0.001)/seed=0")
        #expect(runAttributes["seed"]?["type"] as? String == "int64")
        #expect(runAttributes["seed"]?["value"] as? Int == 7)
        #expect(runAttributes["final_loss"]?["type"] as? String == "float64")
        #expect(runAttributes["final_loss"]?["value"] as? Double == 0.125)
        #expect(runAttributes["converged"]?["type"] as? String == "bool_")
        #expect(runAttributes["converged"]?["value"] as? Bool == true)
        let fileAttributes = try #require(json["file_attrs"] as? [String: [String: Any]])
        #expect(fileAttributes["suite_name"]?["type"] as? String == "str")
        #expect(fileAttributes["suite_name"]?["value"] as? String == "quickstart ✓")
        let layers = try #require(json["layers"] as? [String: Any])
        #expect(layers["items"] as? [String] == ["str", "str"])
        #expect(layers["value"] as? [String] == ["dense1", "dense2"])
    }

    @Test("attributes and datasets written by h5py read back through this module")
    func readsWhatH5pyWrote() throws {
        try requireH5py()
        let directory = try TemporaryDirectory()
        let path = directory.path("from-h5py.h5")
        let script = """
            import h5py, sys
            import numpy as np
            with h5py.File(sys.argv[1], "w") as f:
                f.attrs["text"] = "héllo"
                f.attrs["fixed"] = np.bytes_(b"abc")
                f.attrs["count"] = np.int32(-3)
                f.attrs["ratio"] = np.float32(0.5)
                f.attrs["flag"] = np.bool_(False)
                f.create_dataset("x", data=np.arange(6, dtype=np.float32).reshape(3, 2))
                f.create_dataset("labels", data=np.array([b"ab", b"c"], dtype="S2"))
            """
        _ = try runPython(script, [path])
        let file = try H5File.open(at: path)
        let attributes = try file.attributes
        #expect(try attributes.string("text") == "héllo")
        #expect(try attributes.string("fixed") == "abc")
        #expect(try attributes.int64("count") == -3)
        #expect(try attributes.double("ratio") == 0.5)
        #expect(try attributes.value("flag") == .bool(false))
        let x = try file.root.openDataset("x")
        #expect(x.scalarType == .float32)
        #expect(try x.shape == [3, 2])
        #expect(try x.readRows(1..<3, as: Float.self) == [2, 3, 4, 5])
        #expect(try file.root.openDataset("labels").readStrings() == ["ab", "c"])
    }
}
