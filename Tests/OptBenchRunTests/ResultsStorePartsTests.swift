import Foundation
import OptBench
@testable import OptBenchRun
import Testing

/// How ``ResultsStore`` grows its parts and makes `OUT.h5` of them: a part is continued (copied,
/// appended to, renamed over itself) so it only ever gains runs, and the one part of a suite
/// becomes the output as it is; past the size limit new parts start, and the output is the
/// largest part with the others' runs copied in.
@Suite("Results store: parts that grow, and the output made of them")
struct ResultsStorePartsTests {
    static func workspace() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-parts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// The runs to store, a fresh directory, and the output path `out.h5` in it.
    static func setUp() throws -> (runs: [StoredRun], directory: URL, output: String) {
        let directory = try workspace()
        return (try EncodedRunTests.storedRuns(), directory, directory.appendingPathComponent("out.h5").path)
    }

    static func indices(_ path: String) throws -> [Int] {
        let reader = try ResultsReader(path: path)
        defer { reader.close() }
        return try reader.runIndices()
    }

    static func inode(_ path: String) -> UInt64 {
        var status = stat()
        return stat(path, &status) == 0 ? UInt64(status.st_ino) : 0
    }

    @Test("a continued part keeps its name and only gains runs; the one part becomes OUT.h5")
    func onePartBecomesTheOutput() throws {
        let (runs, directory, output) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        let part = output + ".parts/part-000001.h5"
        let store = try ResultsStore(outputPath: output, provenance: ReportFixtures.provenance, mode: .create)
        try store.add(runs[2])
        try store.closePart()
        try store.waitUntilPublished()
        #expect(try Self.indices(part) == [2])
        try store.add(runs[0])
        // While the continuation is open, the durable part is the previous one, untouched.
        #expect(try Self.indices(part) == [2])
        #expect(store.temporaryPartPath.hasPrefix(part + ".") && store.temporaryPartPath.hasSuffix(".tmp"))
        #expect(FileManager.default.fileExists(atPath: store.temporaryPartPath))
        try store.closePart()
        try store.waitUntilPublished()
        #expect(try Self.indices(part) == [0, 2])
        try store.add(runs[1])
        let partInode = Self.inode(store.temporaryPartPath)
        let summaries = try store.finish(order: [0, 1, 2])
        #expect(summaries.map(\.index) == [0, 1, 2])
        #expect(summaries.map(\.id) == [0, 1, 2].map { runs[$0].summary.id })
        #expect(Self.inode(output) == partInode, "the part was not renamed into place")
        #expect(!FileManager.default.fileExists(atPath: output + ".parts"))
        let reader = try ResultsReader(path: output)
        for index in [0, 1, 2] {
            #expect(EncodedRunTests.bits(try reader.run(index).trajectory) == EncodedRunTests.bits(runs[index].trajectory))
            #expect(try reader.summary(index) == runs[index].summary)
        }
    }

    @Test("past the size limit new parts start; OUT.h5 is the largest with the others copied in")
    func severalParts() throws {
        let (runs, directory, output) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try ResultsStore(outputPath: output, provenance: ReportFixtures.provenance, mode: .create)
        store.continuedPartLimit = 1  // every part is full once closed
        try store.add(runs[3])
        try store.add(runs[1])
        try store.closePart()
        try store.add(runs[0])
        try store.closePart()
        try store.add(runs[2])
        try store.waitUntilPublished()
        let parts = output + ".parts/"
        #expect(try Self.indices(parts + "part-000001.h5") == [1, 3])
        #expect(try Self.indices(parts + "part-000002.h5") == [0])
        let summaries = try store.finish(order: [0, 1, 2, 3])
        #expect(summaries.map(\.index) == [0, 1, 2, 3])
        #expect(!FileManager.default.fileExists(atPath: output + ".parts"))
        let reader = try ResultsReader(path: output)
        #expect(try reader.runIndices() == [0, 1, 2, 3])
        for index in 0..<4 {
            #expect(EncodedRunTests.bits(try reader.run(index).trajectory) == EncodedRunTests.bits(runs[index].trajectory))
            #expect(try reader.summary(index) == runs[index].summary)
        }
    }

    @Test("a part that cannot be put in place is reported at finish, naming it; later versions never replace it")
    func publicationFailure() throws {
        let (runs, directory, output) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        let part = output + ".parts/part-000001.h5"
        let store = try ResultsStore(outputPath: output, provenance: ReportFixtures.provenance, mode: .create)
        // A directory (not empty) where the part goes: renaming a file over it fails.
        try FileManager.default.createDirectory(atPath: part + "/blocker", withIntermediateDirectories: true)
        try store.add(runs[0])
        try store.closePart()  // the close itself succeeds: the rename runs on the publisher
        try store.add(runs[1])
        var thrown: InputError?
        do { _ = try store.finish(order: [0, 1]) } catch { thrown = error }
        let error = try #require(thrown, "finish succeeded with the part never put in place")
        #expect(error.description.hasPrefix(part + ": cannot move "), "\(error.description)")
        #expect(!error.description.contains("\n"))
        #expect(!FileManager.default.fileExists(atPath: output))
        // Neither the first version nor the continuation made it into the part's place.
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: part, isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    @Test("a part is continued only while its copies stay within twice its size, and below the size limit")
    func continuationIsBounded() {
        #expect(ResultsStore.continues(partBytes: 100, copiedBytes: 0, limit: 1000))
        #expect(ResultsStore.continues(partBytes: 100, copiedBytes: 100, limit: 1000))
        #expect(!ResultsStore.continues(partBytes: 100, copiedBytes: 101, limit: 1000))
        #expect(!ResultsStore.continues(partBytes: 1000, copiedBytes: 0, limit: 1000))
        #expect(!ResultsStore.continues(partBytes: Int.max, copiedBytes: 0, limit: 1000))  // size unknown
        // A part gaining the same bytes every interval: continued three times, then a new part,
        // having copied 1 + 2 + 3 of its 4 intervals' bytes (within twice its size).
        let perInterval = 1 << 20
        var size = perInterval, copied = 0, continuations = 0
        while ResultsStore.continues(partBytes: size, copiedBytes: copied, limit: ResultsStore.continuedPartLimit) {
            copied += size
            size += perInterval
            continuations += 1
        }
        #expect(continuations == 3)
        #expect(copied == 6 * perInterval && copied <= 2 * size)
    }
}
