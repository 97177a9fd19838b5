@_spi(Testing) import HDF5
import Testing

@Suite("Handles are never leaked")
struct H5ResourceTests {
    @Test("after every kind of operation, including failed ones, only the objects still held are open")
    func noLeakedHandles() throws {
        let directory = try TemporaryDirectory()
        let file = try H5File.create(at: directory.path("leaks.h5"))
        #expect(try file.openObjectCount == 0)
        do {
            let root = try file.root
            let group = try root.createGroup("runs/000000")
            try group.attributes.set("status", "running")
            try group.attributes.set("status", "completed")
            try group.attributes.set("flag", true)
            try group.attributes.set("layers", ["a", "b"])
            _ = try group.attributes.value("status")
            _ = try group.attributes.value("flag")
            _ = try group.attributes.strings("layers")
            _ = try group.attributes.names()
            _ = try? group.attributes.double("status")
            let loss = try group.createDataset(
                "loss", of: Double.self, shape: [0, 2],
                options: H5DatasetOptions(extendable: true, chunkRows: 4, shuffle: true, deflateLevel: 1))
            try loss.append([1.0, 2, 3, 4])
            _ = try loss.readRows(0..<1, as: Double.self)
            _ = try loss.read(as: Float.self)
            _ = try? loss.append([1.0])
            _ = try? loss.append([Int64(1), 2])
            let names = try group.createStringDataset("names", values: ["x", "y"])
            _ = try names.readStrings()
            _ = try group.memberNames()
            _ = try root.exists("runs/000000/loss/deeper")
            _ = try? root.openGroup("missing/path")
            _ = try? root.openDataset("runs")
            _ = try? root.createGroup("runs")
            try file.flush(fsync: true)
            #expect(try file.openObjectCount == 4)  // root, group, loss, names
        }
        #expect(try file.openObjectCount == 0)
    }
}
