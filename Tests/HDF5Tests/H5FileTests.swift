import Foundation
import HDF5
import Testing

@Suite("H5File")
struct H5FileTests {
    @Test("the library linked at run time is a thread-safe HDF5 1.10")
    func libraryVersion() {
        #expect(H5Library.version.hasPrefix("1.10."))
        #expect(H5Library.isThreadSafe)
    }

    @Test("create refuses an existing file and leaves it untouched")
    func createRefusesExistingFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("existing.h5")
        do {
            let file = try H5File.create(at: path)
            try file.attributes.set("marker", 42)
        }
        let error = try expectH5Error { _ = try H5File.create(at: path) }
        #expect(error.kind == .fileExists)
        #expect(error.description.contains(path))
        #expect(error.description.contains("truncate"))
        let reopened = try H5File.open(at: path)
        #expect(try reopened.attributes.int64("marker") == 42)
    }

    @Test("create truncates an existing file only when asked")
    func createTruncatesWhenAsked() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("truncated.h5")
        do {
            let file = try H5File.create(at: path)
            try file.attributes.set("marker", 42)
        }
        do {
            let file = try H5File.create(at: path, truncate: true)
            #expect(try file.attributes.names() == [])
        }
        #expect(try H5File.open(at: path).attributes.names() == [])
    }

    @Test("create in a missing directory says the directory does not exist")
    func createInMissingDirectory() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("no/such/dir/file.h5")
        let error = try expectH5Error { _ = try H5File.create(at: path) }
        #expect(error.kind == .fileNotFound)
        #expect(error.description.contains(path))
        #expect(error.description.contains("does not exist"))
    }

    @Test("opening a missing file throws fileNotFound with the path and libhdf5's own message")
    func openMissingFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("missing.h5")
        let error = try expectH5Error { _ = try H5File.open(at: path) }
        #expect(error.kind == .fileNotFound)
        #expect(error.file == path)
        #expect(error.description.contains(path))
        #expect(error.description.contains("no such file"))
        // The innermost libhdf5 message, taken from its error stack (the sec2 driver's open).
        let library = try #require(error.libraryMessage)
        #expect(library.contains("unable to open file"))
        #expect(library.contains("No such file or directory"))
    }

    @Test("opening a file that is not HDF5 throws notHDF5 with the path")
    func openNonHDF5File() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("plain.txt")
        try "just text, not HDF5\n".write(toFile: path, atomically: true, encoding: .utf8)
        let error = try expectH5Error { _ = try H5File.open(at: path) }
        #expect(error.kind == .notHDF5)
        #expect(error.description.contains(path))
        #expect(error.description.contains("not an HDF5 file"))
        #expect(error.libraryMessage?.contains("signature") == true)
    }

    @Test("a file locked by another writer throws fileLocked, after waiting out brief locks")
    func lockedFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("locked.h5")
        _ = try H5File.create(at: path)
        // Another open file description holding an exclusive flock, as a writer elsewhere would.
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        try #require(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        let error = try expectH5Error { _ = try H5File.open(at: path, mode: .readWrite) }
        #expect(error.kind == .fileLocked)
        #expect(error.description.contains(path))
        #expect(error.libraryMessage?.contains("unable to lock file") == true)
        // A lock released while libhdf5 retries is waited out.
        Thread.detachNewThread {
            usleep(20_000)
            flock(descriptor, LOCK_UN)
        }
        let file = try H5File.open(at: path, mode: .readWrite)
        #expect(file.isOpen)
    }

    @Test("read-only files refuse writes with libhdf5's reason")
    func readOnlyRefusesWrites() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("readonly.h5")
        _ = try H5File.create(at: path)
        let file = try H5File.open(at: path, mode: .readOnly)
        let error = try expectH5Error { _ = try file.root.createGroup("g") }
        #expect(error.kind == .library)
        #expect(error.object == "/g")
        #expect(error.libraryMessage?.isEmpty == false)
    }

    @Test("close closes the file's objects too; using them afterwards throws closed")
    func closeIsDeterministic() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("closed.h5")
        let file = try H5File.create(at: path)
        let group = try file.root.createGroup("g")
        let dataset = try group.createDataset("x", values: [1.0, 2.0])
        try file.close()
        #expect(!file.isOpen)
        try file.close()  // idempotent
        #expect(try expectH5Error { _ = try dataset.read(as: Double.self) }.kind == .closed)
        #expect(try expectH5Error { _ = try group.memberNames() }.kind == .closed)
        #expect(try expectH5Error { try file.flush() }.kind == .closed)
        // The OS file is really closed: it can be created again with truncate right away.
        let again = try H5File.create(at: path, truncate: true)
        #expect(try again.root.memberNames() == [])
    }

    @Test("the file stays open while one of its objects is alive")
    func objectsKeepTheFileOpen() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("alive.h5")
        var dataset: H5Dataset?
        do {
            let file = try H5File.create(at: path)
            dataset = try file.root.createDataset("x", values: [Int64(7), 8])
        }
        #expect(try dataset?.read(as: Int64.self) == [7, 8])
        dataset = nil
        // Released: the file is closed, so another exclusive create-with-truncate works.
        _ = try H5File.create(at: path, truncate: true)
    }

    @Test("the file descriptor is close-on-exec, so child processes cannot inherit the file's lock")
    func descriptorIsCloseOnExec() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("cloexec.h5")
        for file in [try H5File.create(at: path), try H5File.open(at: path, mode: .readWrite)] {
            // /proc/self/fdinfo/N shows the open flags in octal; O_CLOEXEC is 0o2000000 on Linux.
            let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").filter {
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)")) == path
            }
            try #require(!descriptors.isEmpty)
            for descriptor in descriptors {
                let info = try String(contentsOfFile: "/proc/self/fdinfo/\(descriptor)", encoding: .utf8)
                let flagsLine = try #require(info.split(separator: "\n").first { $0.hasPrefix("flags:") })
                let flags = try #require(Int(flagsLine.dropFirst("flags:".count).trimmingCharacters(in: .whitespaces), radix: 8))
                #expect(flags & 0o2000000 != 0, "fd \(descriptor) flags \(String(flags, radix: 8))")
            }
            try file.close()
        }
    }

    @Test("flush with fsync succeeds on the default driver and the data is readable")
    func flushWithFsync() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("flushed.h5")
        let file = try H5File.create(at: path)
        let dataset = try file.root.createDataset(
            "x", of: Double.self, shape: [0], options: H5DatasetOptions(extendable: true, chunkRows: 4))
        try dataset.append([1.0, 2.0, 3.0])
        try file.flush()
        try file.flush(fsync: true)
        try file.close()
        #expect(try H5File.open(at: path).root.openDataset("x").read(as: Double.self) == [1, 2, 3])
    }

    @Test("a SWMR-mode file written, then closed, is readable, also as a SWMR reader")
    func swmrRoundTrip() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("swmr.h5")
        do {
            let file = try H5File.create(at: path, format: .v110)
            let group = try file.root.createGroup("runs/000000")
            try group.attributes.set("status", "completed")
            let loss = try group.createDataset(
                "loss", of: Double.self, shape: [0], options: H5DatasetOptions(extendable: true, chunkRows: 8))
            try file.startSWMRWrite()
            #expect(file.mode == .swmrWrite)
            try loss.append([3.0, 2.0])
            try file.flush()
            // A concurrent SWMR reader sees the flushed rows.
            let reader = try H5File.open(at: path, mode: .swmrRead)
            #expect(try reader.root.openDataset("runs/000000/loss").read(as: Double.self) == [3, 2])
            try reader.close()
            try loss.append([1.0])
            try file.close()
        }
        let file = try H5File.open(at: path)
        let group = try file.root.openGroup("runs/000000")
        #expect(try group.openDataset("loss").read(as: Double.self) == [3, 2, 1])
        #expect(try group.attributes.string("status") == "completed")
        // Reopening as the SWMR writer works too, and appends are visible afterwards.
        try file.close()
        do {
            let writer = try H5File.open(at: path, mode: .swmrWrite)
            try writer.root.openDataset("runs/000000/loss").append([0.5])
        }
        #expect(try H5File.open(at: path).root.openDataset("runs/000000/loss").read(as: Double.self) == [3, 2, 1, 0.5])
    }

    @Test("SWMR writing needs the v110 format and says so")
    func swmrNeedsV110() throws {
        let directory = try TemporaryDirectory()
        let file = try H5File.create(at: directory.path("old-format.h5"))
        let error = try expectH5Error { try file.startSWMRWrite() }
        #expect(error.kind == .invalidArgument)
        #expect(error.description.contains("format: .v110"))
        #expect(file.mode == .readWrite)
    }

    @Test("a file read into memory opens from its bytes alone, under its own name: the file on disk can change or vanish")
    func openImage() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("image.h5")
        do {
            let file = try H5File.create(at: path)
            try file.root.createDataset("X", values: [1.5, 2.5, 3.5, 4.5], shape: [2, 2], options: H5DatasetOptions(chunkRows: 1, shuffle: true, deflateLevel: 1))
            try file.attributes.set("marker", 7)
        }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let file = try H5File.open(image: bytes, name: path)  // the file is still on disk
        #expect(file.path == path && file.mode == .readOnly)
        try Data("not HDF5 any more".utf8).write(to: URL(fileURLWithPath: path))
        let dataset = try file.root.openDataset("X")
        #expect(try dataset.shape == [2, 2])
        #expect(try dataset.read(as: Double.self) == [1.5, 2.5, 3.5, 4.5])
        #expect(try file.attributes.int64("marker") == 7)
        try file.close()
        try FileManager.default.removeItem(atPath: path)
        // Two images open at once, under the same name, are two files.
        let a = try H5File.open(image: bytes, name: "same"), b = try H5File.open(image: bytes, name: "same")
        #expect(try a.root.openDataset("X").read(as: Double.self) == b.root.openDataset("X").read(as: Double.self))
    }

    @Test("bytes that are not an HDF5 file, or a truncated one, throw instead of crashing")
    func openBadImage() throws {
        for bytes: [UInt8] in [[], Array("plain text".utf8), [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 40)] {
            let error = try expectH5Error { _ = try H5File.open(image: bytes, name: "bad.h5") }
            #expect(error.file == "bad.h5")
            if bytes.count < 8 { #expect(error.kind == .notHDF5) }
        }
        let directory = try TemporaryDirectory()
        let path = directory.path("whole.h5")
        do {
            let file = try H5File.create(at: path)
            try file.root.createDataset("X", values: [Double](repeating: 1, count: 1000))
        }
        let whole = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        for cut in [whole.count / 2, whole.count - 1] {
            _ = try expectH5Error {
                let file = try H5File.open(image: Array(whole.prefix(cut)), name: "cut.h5")
                _ = try file.root.openDataset("X").read(as: Double.self)
            }
        }
    }
}
