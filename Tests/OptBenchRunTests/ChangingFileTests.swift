import Foundation
import HDF5
import OptBench
@testable import OptBenchRun
import Testing

/// Another thread rewrites an input file in place while optbench loads it, many times over:
/// every load must give a clean parse of a state the file really had, or one line naming the
/// file, never a mix of two versions, a crash or a hang (docs/reliability.md).
///
/// The writer truncates the file, then writes the next version (A or B, alternately) in pieces
/// with short pauses between them, then leaves it alone for a moment. So the file is only ever
/// a prefix of one version (empty, partial, whole): a load that mixes the two, or reads bytes
/// that changed under it, shows up as data from both versions.
@Suite("Files that change while optbench reads them", .serialized)
struct ChangingFileTests {
    static let loads = 150
    /// Rewrites the writer must have made before the loads stop, and the time allowed.
    static let rewrites = 30
    /// Three times as long under scripts/sanitize, where an IDX load is several times slower
    /// (149 of 150 loads in 60 s under ASan).
    static let timeLimit: TimeInterval = ProcessInfo.processInfo.environment.keys.contains { $0 == "ASAN_OPTIONS" || $0 == "TSAN_OPTIONS" } ? 180 : 60

    /// Rewrites `path` in place with the versions in turn until stopped.
    final class Rewriter: @unchecked Sendable {
        let path: String
        let versions: [[UInt8]]
        let pieces: Int
        private let lock = NSLock()
        private var stopped = false
        private var written = 0
        private let done = DispatchSemaphore(value: 0)

        /// Microseconds of pause between pieces (up to) and after each version (at least).
        let pause: Int

        init(path: String, versions: [[UInt8]], pieces: Int = 8, pause: Int = 200) {
            self.path = path
            self.versions = versions
            self.pieces = pieces
            self.pause = pause
        }

        func start() {
            let thread = Thread { [self] in
                let descriptor = open(path, O_WRONLY | O_CLOEXEC)
                precondition(descriptor >= 0, "cannot open \(path)")
                var generator = SplitMix64(seed: 11)
                var count = 0
                while !isStopped {
                    let bytes = versions[count % versions.count]
                    _ = ftruncate(descriptor, 0)
                    let step = (bytes.count + pieces - 1) / pieces
                    var offset = 0
                    while offset < bytes.count {
                        let end = Swift.min(offset + step, bytes.count)
                        _ = bytes[offset..<end].withUnsafeBytes { pwrite(descriptor, $0.baseAddress, end - offset, off_t(offset)) }
                        offset = end
                        if pause > 0 { usleep(UInt32(generator.next() % UInt64(pause))) }
                    }
                    count += 1
                    lock.lock()
                    written = count
                    lock.unlock()
                    if pause > 0 { usleep(UInt32(300 + generator.next() % 3000)) }
                }
                close(descriptor)
                done.signal()
            }
            thread.start()
        }

        /// Versions written so far (read under the lock: the writer thread updates it).
        var rewrites: Int {
            lock.lock()
            defer { lock.unlock() }
            return written
        }

        var isStopped: Bool {
            lock.lock()
            defer { lock.unlock() }
            return stopped
        }

        /// Stops the writer and returns how many versions it wrote.
        func stop() -> Int {
            lock.lock()
            stopped = true
            lock.unlock()
            done.wait()
            return rewrites
        }
    }

    /// What the loads gave.
    struct Tally: CustomStringConvertible {
        var versions: [Int: Int] = [:]
        var errors: [String: Int] = [:]
        var description: String {
            "clean loads by version \(versions.sorted { $0.key < $1.key }), one-line errors \(errors.sorted { $0.value > $1.value })"
        }
    }

    /// Loads `loads` times while `versions` are written in turn; `classify` names the version a
    /// clean load shows (nil: a mix or anything else that no state of the file explains).
    static func race<Result>(path: String, versions: [[UInt8]], load: () throws -> Result, classify: (Result) -> Int?) throws -> Tally {
        try Data(versions[0]).write(to: URL(fileURLWithPath: path))
        let writer = Rewriter(path: path, versions: versions)
        writer.start()
        var tally = Tally()
        let started = Date()
        var attempts = 0
        while attempts < loads || writer.rewrites < rewrites || tally.versions.values.reduce(0, +) < 10 {
            guard Date().timeIntervalSince(started) < timeLimit else {
                Issue.record("after \(attempts) loads and \(writer.rewrites) rewrites in \(timeLimit) s: \(tally)")
                break
            }
            attempts += 1
            do {
                let result = try load()
                guard let version = classify(result) else {
                    Issue.record("a load gave data that is no state of the file: \(result)")
                    continue
                }
                tally.versions[version, default: 0] += 1
            } catch let error as InputError {
                let line = error.description
                #expect(!line.contains("\n") && line.hasPrefix(path + ":"), "\(line)")
                // The reason, without the line and column numbers: "ragged row", "truncated", …
                let reason = line.dropFirst(path.count).drop { ":0123456789 ".contains($0) }.prefix { $0 != ":" && $0 != "(" && $0 != ";" && $0 != "," }
                tally.errors[String(reason.prefix(40)), default: 0] += 1
            }
            usleep(500)
        }
        let rewrites = writer.stop()
        print("\(URL(fileURLWithPath: path).lastPathComponent): \(attempts) loads during \(rewrites) rewrites; \(tally)")
        return tally
    }

    static func workspace() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-changing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("a CSV rewritten, truncated and appended to: each clean load is rows of one version, in order")
    func csv() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Every row says its version and index; the last column is always 7, so a row cut
        // short is ragged rather than a different number.
        func version(_ v: Int) -> [UInt8] {
            Array(("version,row,label,end\n" + (0..<1500).map { "\(v),\($0),\($0 % 3),7\n" }.joined()).utf8)
        }
        let path = directory.appendingPathComponent("data.csv").path
        _ = try Self.race(path: path, versions: [version(1), version(2)], load: { try CSVDatasetLoader.load(path: path) }) { dataset in
            let rows = dataset.features.elements.count / 3
            let v = dataset.features.elements.first.map { Int($0) }
            for row in 0..<rows where dataset.features.elements[row * 3] != Double(v ?? -1) || dataset.features.elements[row * 3 + 1] != Double(row) {
                return nil
            }
            return v
        }
    }

    @Test("an IDX images file rewritten in place: each clean load holds the pixels of one version")
    func idx() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let count = 400, side = 12
        func header(_ magic: UInt32, _ dimensions: [UInt32]) -> [UInt8] {
            ([magic] + dimensions).flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
        }
        func images(_ v: Int) -> [UInt8] {
            header(2051, [UInt32(count), UInt32(side), UInt32(side)]) + (0..<count).flatMap { i in [UInt8](repeating: UInt8((v * 97 + i) % 256), count: side * side) }
        }
        let labels = directory.appendingPathComponent("labels.idx").path
        try Data(header(2049, [UInt32(count)]) + (0..<count).map { UInt8($0 % 10) }).write(to: URL(fileURLWithPath: labels))
        let path = directory.appendingPathComponent("images.idx").path
        _ = try Self.race(path: path, versions: [images(1), images(2)], load: { try IDXDatasetLoader.load(images: path, labels: labels, name: "t") }) { dataset in
            let pixels = dataset.features.elements
            return [1, 2].first { v in (0..<count).allSatisfy { i in pixels[(i * side * side)..<((i + 1) * side * side)].allSatisfy { $0 == Double((v * 97 + i) % 256) } } }
        }
    }

    @Test("an HDF5 data file rewritten in place: each clean load has the features and targets of one version")
    func hdf5() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rows = 2000
        func version(_ v: Int) throws -> [UInt8] {
            let scratch = directory.appendingPathComponent("v\(v).h5").path
            let file = try H5File.create(at: scratch)
            try file.root.createDataset("X", values: (0..<rows * 2).map { Double(v * 100_000 + $0) }, shape: [rows, 2],
                                        options: H5DatasetOptions(chunkRows: 256, shuffle: true, deflateLevel: 1))
            try file.root.createDataset("y", values: (0..<rows).map { Int64(($0 + v) % 2) })
            try file.close()
            return try [UInt8](Data(contentsOf: URL(fileURLWithPath: scratch)))
        }
        let path = directory.appendingPathComponent("data.h5").path
        _ = try Self.race(path: path, versions: [try version(1), try version(2)], load: { try HDF5DatasetLoader.load(path: path) }) { dataset in
            guard case .classes(let labels, _) = dataset.targets, let first = dataset.features.elements.first else { return nil }
            let v = Int(first) / 100_000
            let features = dataset.features.elements.enumerated().allSatisfy { $0.element == Double(v * 100_000 + $0.offset) }
            let targets = labels.enumerated().allSatisfy { $0.element == Int32(($0.offset + v) % 2) }
            return features && targets && dataset.count == rows ? v : nil
        }
    }

    @Test("a suite file rewritten in place: each clean load parsed a prefix of one version, and stores exactly the text it parsed")
    func suite() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        func version(_ v: Int) -> String {
            "name: version\(v)\nsteps: \(100 * v)\nseeds: \(v)\ndescription: \(String(repeating: "v\(v) ", count: 400))\n"
                + "problems: [{name: rosenbrock}]\noptimizers: [{name: sgd}]\n"
        }
        let texts = [version(1), version(2)]
        let path = directory.appendingPathComponent("s.yaml").path
        _ = try Self.race(path: path, versions: texts.map { Array($0.utf8) }, load: { try Suite.load(path: path) }) { suite in
            guard let v = [1, 2].first(where: { texts[$0 - 1].hasPrefix(suite.sourceText) }) else { return nil }
            return suite.name == "version\(v)" && suite.steps == 100 * v ? v : nil
        }
    }

    @Test("raw snapshots of a 2 MB file rewritten without pause are one version's bytes, or refused")
    func snapshotsNeverMix() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("big.bin").path
        let versions = [UInt8(ascii: "A"), UInt8(ascii: "B")].map { [UInt8](repeating: $0, count: 2 << 20) }
        try Data(versions[0]).write(to: URL(fileURLWithPath: path))
        let writer = Rewriter(path: path, versions: versions, pieces: 16, pause: 0)
        writer.start()
        var mixed = 0, clean = 0, refused = 0
        let started = Date()
        while clean + mixed + refused < 300 || writer.rewrites < 2000, Date().timeIntervalSince(started) < Self.timeLimit {
            do {
                let bytes = try FileSnapshot.read(path, expected: "a file", maximumSize: 8 << 20) { "\($0) bytes" }
                // Each state of the file is a prefix of one version: one byte value throughout.
                let other = Int32(bytes.first == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A"))
                if bytes.withUnsafeBytes({ memchr($0.baseAddress!, other, $0.count) }) != nil { mixed += 1 } else { clean += 1 }
            } catch {
                refused += 1
            }
        }
        let rewrites = writer.stop()
        print("big.bin: \(clean + mixed + refused) reads during \(rewrites) rewrites; \(clean) clean, \(mixed) mixed, \(refused) refused")
        #expect(mixed == 0)
        #expect(rewrites >= 2000)
    }

    @Test("a file that changes between the two reads is read again; one that changes on every attempt is refused in one line")
    func changedBetweenReads() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("f.bin").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        var calls = 0
        func rewrite(_ text: String) {
            let descriptor = open(path, O_WRONLY | O_TRUNC)
            _ = text.withCString { write(descriptor, $0, strlen($0)) }
            close(descriptor)
        }
        let once = try FileSnapshot.read(path, expected: "a file", maximumSize: 100, tooLarge: { "\($0) bytes" }) {
            calls += 1
            if calls == 1 { rewrite("new!") }
        }
        #expect(once == Array("new!".utf8) && calls == 2)
        calls = 0
        do {
            _ = try FileSnapshot.read(path, expected: "a file", maximumSize: 100, tooLarge: { "\($0) bytes" }) {
                calls += 1
                rewrite(calls % 2 == 0 ? "even" : "odd!")  // same size: the bytes or the times give it away
            }
            Issue.record("accepted")
        } catch {
            #expect(error.description == "\(path): changed while being read (6 attempts); write the new version to another file and rename it over this one")
            #expect(calls == FileSnapshot.attempts)
        }
    }

    @Test("a file replaced by renaming a new one over it is always read whole, old or new")
    func replacedByRename() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("data.csv").path
        let versions = [1, 2].map { v in Data(("version,row,label,end\n" + (0..<1500).map { "\(v),\($0),\($0 % 3),7\n" }.joined()).utf8) }
        try versions[0].write(to: URL(fileURLWithPath: path))
        let stop = StopFlag()
        let done = DispatchSemaphore(value: 0)
        let renamer = Thread {
            var count = 0
            while !stop.isSet {
                let temporary = path + ".new\(count % 2)"
                try? versions[count % 2].write(to: URL(fileURLWithPath: temporary))
                rename(temporary, path)
                count += 1
                usleep(200)
            }
            done.signal()
        }
        renamer.start()
        var seen: Set<Int> = []
        for _ in 0..<Self.loads {
            let dataset = try CSVDatasetLoader.load(path: path)
            #expect(dataset.count == 1500)
            let v = Int(dataset.features.elements[0])
            #expect(dataset.features.elements.enumerated().allSatisfy { $0.offset % 3 != 0 || $0.element == Double(v) })
            seen.insert(v)
        }
        stop.set()
        done.wait()
        #expect(seen == [1, 2])
    }

    final class StopFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var isSet: Bool {
            lock.lock()
            defer { lock.unlock() }
            return value
        }

        func set() {
            lock.lock()
            value = true
            lock.unlock()
        }
    }
}
