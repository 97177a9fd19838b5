import HDF5
import Testing

@Suite("H5Group")
struct H5GroupTests {
    @Test("nested paths create every missing intermediate group")
    func nestedCreate() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("groups.h5")
        do {
            let file = try H5File.create(at: path)
            let run = try file.root.createGroup("runs/000001/eval")
            #expect(run.path == "/runs/000001/eval")
            let runs = try file.root.openGroup("runs")
            _ = try runs.createGroup("000000")
            _ = try runs.createDataset("000001/loss", values: [1.0])
        }
        let root = try H5File.open(at: path).root
        #expect(try root.memberNames() == ["runs"])
        #expect(try root.openGroup("runs").memberNames() == ["000000", "000001"])
        #expect(try root.openGroup("/runs/000001").memberNames() == ["eval", "loss"])
    }

    @Test("members list in increasing name order, not creation order")
    func memberOrder() throws {
        let directory = try TemporaryDirectory()
        let root = try H5File.create(at: directory.path("order.h5")).root
        for name in ["b", "000010", "a", "000002", "B"] { _ = try root.createGroup(name) }
        #expect(try root.memberNames() == ["000002", "000010", "B", "a", "b"])
        #expect(try root.openGroup("a").memberNames() == [])
    }

    @Test("exists checks each component and never throws for missing or non-group intermediates")
    func exists() throws {
        let directory = try TemporaryDirectory()
        let root = try H5File.create(at: directory.path("exists.h5")).root
        let run = try root.createGroup("runs/000000")
        _ = try run.createDataset("loss", values: [1.0])
        #expect(try root.exists("runs"))
        #expect(try root.exists("runs/000000"))
        #expect(try root.exists("/runs/000000/loss"))
        #expect(try run.exists("loss"))
        #expect(try run.exists("/runs"))
        #expect(try root.exists("/"))
        #expect(try !root.exists("nothing"))
        #expect(try !root.exists("nothing/deeper/still"))
        #expect(try !root.exists("runs/000000/loss/below"))  // through a dataset
        #expect(try !run.exists("Loss"))
    }

    @Test("opening a missing group or dataset throws notFound; the wrong kind throws typeMismatch")
    func openErrors() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("open.h5")
        let root = try H5File.create(at: path).root
        _ = try root.createDataset("data", values: [1.0])
        let missing = try expectH5Error { _ = try root.openGroup("runs/000009") }
        #expect(missing.kind == .notFound)
        #expect(missing.file == path)
        #expect(missing.object == "/runs/000009")
        #expect(missing.description.contains("\(path):/runs/000009"))
        #expect(missing.libraryMessage?.isEmpty == false)
        #expect(try expectH5Error { _ = try root.openDataset("nope") }.kind == .notFound)
        #expect(try expectH5Error { _ = try root.openGroup("data") }.kind == .typeMismatch)
        _ = try root.createGroup("g")
        #expect(try expectH5Error { _ = try root.openDataset("g") }.kind == .typeMismatch)
        #expect(try expectH5Error { _ = try root.createGroup("g") }.kind == .alreadyExists)
    }

    @Test("a closed group throws closed, and its file stays usable")
    func closeGroup() throws {
        let directory = try TemporaryDirectory()
        let file = try H5File.create(at: directory.path("close.h5"))
        let group = try file.root.createGroup("g")
        try group.close()
        try group.close()
        let error = try expectH5Error { _ = try group.createGroup("h") }
        #expect(error.kind == .closed)
        #expect(error.object == "/g")
        #expect(try file.root.openGroup("g").memberNames() == [])
    }
}
