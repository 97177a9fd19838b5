import Foundation
import OptBenchRun
import Testing

/// ``ResultsFileProbe`` with the built `optbench` as its child: what it lets through, what it
/// stops and how it names it, and that its child reads as far as the commands read.
@Suite("The results probe reads files in a child process first")
struct ResultsProbeTests {
    static let probe = ResultsFileProbe(executable: CLI.binary, arguments: ["_probe-results"], timeout: ProbeTimeout(base: 4, secondsPerGiB: 0))

    /// What the probe throws for `paths`, or nil when it lets them through.
    static func failure(_ paths: [String], probe: ResultsFileProbe = probe) -> InputError? {
        do {
            try probe.check(paths)
            return nil
        } catch {
            return error
        }
    }

    /// A copy of the valid `tiny.h5` of ``CorruptResultsCLITests`` (two runs) in a new directory.
    static func validCopy() throws -> (directory: URL, path: String) {
        let directory = try CLI.workspace()
        let path = directory.appendingPathComponent("tiny.h5").path
        try FileManager.default.copyItem(atPath: try CorruptResultsCLITests.valid.get().appendingPathComponent("tiny.h5").path, toPath: path)
        return (directory, path)
    }

    /// Runs a Python script with h5py (Debian's /usr/bin/python3) on `arguments`.
    static func python(_ script: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script] + arguments
        let err = Pipe()
        process.standardError = err
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python (h5py under /usr/bin/python3: run scripts/setup): \(stderr)")
    }

    /// What reading `path` in this process throws, summaries first, then every run whole.
    static func inProcessFailure(_ path: String) -> InputError? {
        do {
            let reader = try ResultsReader(path: path)  // no probe is installed in the test process
            defer { reader.close() }
            _ = try reader.summaries()
            for index in try reader.runIndices() { _ = try reader.run(index) }
            return nil
        } catch {
            return error
        }
    }

    @Test("a valid file passes; every known input fails, named, also behind a valid file in one child")
    func knownInputs() throws {
        let (_, valid) = try Self.validCopy()
        #expect(Self.failure([valid]) == nil)
        for name in CorruptResultsCLITests.knownFiles {
            let path = CorruptResultsCLITests.knownDirectory.appendingPathComponent(name).path
            let alone = Self.failure([path])
            #expect(alone?.file == path, "\(name): \(String(describing: alone))")
            if ["H5HG_read-segv.h5", "H5HG_read-memcpy-param-overlap.h5", "H5Aexists-attribute-decode-heap-buffer-overflow.h5"].contains(name) {
                #expect(alone?.message == "not a readable optbench results file (libhdf5 crashed reading it: SIGSEGV); the file is corrupt")
            }
            // After another file, libhdf5's heap is laid out differently: an out-of-bounds read
            // may then find garbage instead of a fault, which the reader refuses in its own words.
            let behind = Self.failure([valid, path])
            #expect(behind?.file == path, "\(name): \(String(describing: behind))")
        }
    }

    @Test("the reader's own error comes back whole from the child")
    func relayedError() throws {
        let directory = try CLI.workspace(["junk.h5": "not HDF5 at all"])
        let junk = directory.appendingPathComponent("junk.h5").path
        let inProcess = try #require(Self.inProcessFailure(junk))
        #expect(Self.failure([junk]) == inProcess)
        #expect(inProcess.description.hasPrefix(junk + ": "))
    }

    @Test("damage in the last run's trajectory, which info never reads, fails the probe as export would")
    func readsEveryTrajectory() throws {
        let (_, path) = try Self.validCopy()
        try Self.python("import sys, h5py\nwith h5py.File(sys.argv[1], 'r+') as f: f['runs/000001/step'][0] = 2**62", [path])
        let reader = try ResultsReader(path: path)
        #expect(try reader.summaries().count == 2)
        reader.close()
        let inProcess = try #require(Self.inProcessFailure(path))
        #expect(inProcess.description == path + ": /runs/000001/step: holds steps outside 0…100000000")
        #expect(Self.failure([path]) == inProcess)
    }

    @Test("scope summaries reads as far as info, check and baseline do: the root and the summaries")
    func summariesScope() throws {
        let (_, path) = try Self.validCopy()
        try Self.python("import sys, h5py\nwith h5py.File(sys.argv[1], 'r+') as f: f['runs/000001/step'][0] = 2**62", [path])
        try Self.probe.check([path], scope: .summaries)  // the damage is past the summaries
        #expect(Self.failure([path]) != nil)  // .everything reaches it
        try Self.python("import sys, h5py\nwith h5py.File(sys.argv[1], 'r+') as f: del f['runs/000000'].attrs['status']", [path])
        let summaries = try #require(Self.probeFailure([path], scope: .summaries))
        #expect(summaries.description == path + ": /runs/000000: missing attribute 'status'")
    }

    static func probeFailure(_ paths: [String], scope: ResultsReadScope) -> InputError? {
        do {
            try probe.check(paths, scope: scope)
            return nil
        } catch {
            return error
        }
    }

    /// Gives run 0 an attribute whose variable-length string points 1 TiB into the file:
    /// only copying the run (merge, --resume) reads it, and libhdf5 refuses it in one line.
    static let unreachableString = """
        import sys, struct, h5py
        path = sys.argv[1]
        marker = 'reached-only-by-copying-' + 'x' * 13
        with h5py.File(path, 'r+') as f:
            f['runs/000000'].attrs['note'] = marker
        data = bytearray(open(path, 'rb').read())
        m = marker.encode()
        at = data.find(m)
        assert at > 0 and data.find(m, at + 1) == -1
        heap = data.rfind(b'GCOL', 0, at)
        p = heap + 16  # the collection's objects: index, references, reserved, size, data
        while p + 16 != at:
            index, references, reserved, size = struct.unpack_from('<HHIQ', data, p)
            assert index != 0 and p < at
            p += 16 + (size + 7) // 8 * 8
        index = struct.unpack_from('<H', data, p)[0]
        reference = struct.pack('<IQI', len(m), heap, index)  # the attribute's value: length, heap, index
        assert data.count(reference) == 1
        struct.pack_into('<Q', data, data.find(reference) + 4, 1 << 40)
        open(path, 'wb').write(data)
        """

    @Test("damage only copying reaches fails the probe, though every run reads")
    func copiesEveryRun() throws {
        let (_, path) = try Self.validCopy()
        try Self.python(Self.unreachableString, [path])
        #expect(Self.inProcessFailure(path) == nil)
        let error = try #require(Self.failure([path]))
        #expect(error.description == path + ": /runs/000000: cannot be copied: address of object past end of allocation")
    }

    @Test("a child that hangs is killed at the timeout, and no process is left behind")
    func hangKilled() throws {
        let directory = try CLI.workspace()
        let path = directory.appendingPathComponent("hang-\(UUID().uuidString).h5").path
        try FileManager.default.copyItem(atPath: CorruptResultsCLITests.knownDirectory.appendingPathComponent("global-heap-decode-hang.h5").path, toPath: path)
        let probe = ResultsFileProbe(executable: CLI.binary, arguments: ["_probe-results"], timeout: ProbeTimeout(base: 2, secondsPerGiB: 0))
        let started = Date()
        let error = Self.failure([path], probe: probe)
        let seconds = Date().timeIntervalSince(started)
        #expect(error?.file == path)
        #expect(error?.message.hasPrefix("not a readable optbench results file (libhdf5 did not finish reading it within 2 s)") == true,
                "\(String(describing: error))")
        #expect(seconds >= 2 && seconds < 15, "\(seconds) s")
        let processes = try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { $0.allSatisfy(\.isNumber) }
        let left = processes.filter { pid in
            let commandLine = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
            return String(decoding: commandLine, as: UTF8.self).contains(path)
        }
        #expect(left.isEmpty, "still running: \(left)")
    }

    @Test("a probe that cannot start names the file and says why")
    func missingExecutable() throws {
        let (_, path) = try Self.validCopy()
        let probe = ResultsFileProbe(executable: "/nonexistent/optbench", arguments: ["_probe-results"])
        let error = try #require(Self.failure([path], probe: probe))
        #expect(error.file == path)
        #expect(error.message.contains("No such file or directory"), "\(error)")
    }
}
