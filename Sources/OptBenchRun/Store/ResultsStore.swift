import Foundation
import OptBench

/// Where a suite's results go while it runs, and how they become one file.
///
/// Crash safety (docs/hdf5-layout.md): finished runs are written, whole, into part files
/// `OUT.h5.parts/part-NNNNNN.h5`. Each part is a complete layout-v1 file, written under a
/// temporary name (`part-NNNNNN.h5.G.tmp`), closed ``partInterval`` seconds after its first run
/// was written (the writer wakes up for it even when no other run finishes), then fsynced and
/// renamed into place by a ``PartPublisher`` while the writer goes on; so a killed process
/// leaves only complete, readable parts (and `.tmp` files to discard).
/// The next runs go into a copy of the last part, renamed over it in turn, until it reaches
/// ``continuedPartLimit`` or its copies ``maximumCopyFactor`` times its size: a part only ever
/// gains runs. When the suite ends (or is
/// interrupted), ``finish(order:)`` makes `OUT.h5` from the parts (the one part as it is, when
/// there is one) and removes them. A lock on `OUT.h5.lock` keeps a second writer out.
public final class ResultsStore {
    /// How to treat an output that already exists.
    public enum Mode: Sendable {
        /// Refuse an existing output (or parts left by an interrupted run).
        case create
        /// Reuse matching completed/diverged runs of the existing output and its parts.
        case resume
        /// Replace the existing output.
        case force
    }

    /// Seconds between part files: 2, or `OPTBENCH_PART_SECONDS` (shorter intervals make
    /// finished runs durable sooner at the cost of more, smaller parts).
    static let partInterval: Double = {
        if let text = ProcessInfo.processInfo.environment["OPTBENCH_PART_SECONDS"], let value = Double(text), value >= 0 {
            return value
        }
        return 2.0
    }()
    /// Runs after which a part file is closed even if less time has passed.
    static let runsPerWrite = 2000
    /// The size up to which a part is continued: the next runs go into a copy of it (made in
    /// the kernel, then appended to, fsynced and renamed over it), so that one part holds most
    /// runs and becomes `OUT.h5` without copying runs one by one (`H5Ocopy`, about half a
    /// millisecond each). Past it a new part starts, so that the copies stay short next to the
    /// interval between parts.
    static let continuedPartLimit = 256 << 20
    /// ``continuedPartLimit``, or another in tests.
    var continuedPartLimit = ResultsStore.continuedPartLimit
    /// The bytes copied to continue one part never exceed this many times its size. A part is
    /// closed every ``partInterval``; without a bound, a slow suite would copy a large part
    /// every two seconds to add a few runs to it (a 100 MiB part: 50 MB/s of copying to disk).
    /// With it, the disk writes of continuing parts stay within twice the results' size, and a
    /// fast suite still ends in one part (at a steady rate a part is continued three times).
    static let maximumCopyFactor = 2

    public let outputPath: String
    let partsDirectory: String
    let provenance: Provenance
    private let lock: FileLock
    private var writer: ResultsWriter?
    /// Publishes closed parts (fsync, rename) off this thread.
    private let publisher = PartPublisher()
    /// The current part (its name once durable), the temporary file it is written to, and its
    /// size on disk when it was last closed.
    private var partPath = ""
    private(set) var temporaryPartPath = ""
    private var partBytes = 0
    /// Numbers the temporary files: a closed version is still being published under its name
    /// while the next version is written.
    private var temporaryCount = 0
    /// The last closed version of the current part, open for reading: the next version starts
    /// as a copy of it, whether or not it has been renamed yet. -1 when none.
    private var closedPart: Int32 = -1
    /// The bytes copied so far to continue the current part.
    private var partCopiedBytes = 0
    private var writerOpened = Date()
    private var runsInWriter = 0
    private var partCount = 0
    /// Where each newly written run is: part file path, and its summary.
    private var written: [Int: String] = [:]
    private var writtenSummaries: [Int: RunSummary] = [:]
    /// How many of the newly written runs each part holds.
    private var runsPerPart: [String: Int] = [:]
    /// Runs reused from earlier files, by their new index: (file, old index).
    private var reused: [Int: (path: String, index: Int)] = [:]
    /// Encodes runs handed over unencoded (``add(_:)-(StoredRun)``).
    private lazy var encoder = RunEncoder()

    /// Opens the store for `outputPath`.
    /// - Throws: ``InputError`` when the output exists (without resume or force), its
    ///   directory is missing or read-only, it is a directory, or another process holds it.
    public init(outputPath: String, provenance: Provenance, mode: Mode) throws(InputError) {
        self.outputPath = outputPath
        self.partsDirectory = outputPath + ".parts"
        self.provenance = provenance
        try DurableFiles.checkWritable(outputPath)
        lock = try FileLock(guarding: outputPath)
        let fileManager = FileManager.default
        let outputExists = fileManager.fileExists(atPath: outputPath)
        let partsExist = fileManager.fileExists(atPath: partsDirectory)
        switch mode {
        case .create:
            if outputExists {
                lock.release()
                throw InputError(file: outputPath, message: "already exists; use --resume to continue it or --force to replace it")
            }
            if partsExist {
                lock.release()
                throw InputError(file: partsDirectory, message: "holds runs of an interrupted run of this output; use --resume to continue it or --force to start over")
            }
        case .force:
            if partsExist { try? fileManager.removeItem(atPath: partsDirectory) }
        case .resume:
            break
        }
        do {
            try fileManager.createDirectory(atPath: partsDirectory, withIntermediateDirectories: true)
        } catch {
            throw InputError(file: partsDirectory, message: "cannot create: \(error.localizedDescription)")
        }
        // A part still named .tmp was being written when a process died: it is incomplete.
        for name in (try? fileManager.contentsOfDirectory(atPath: partsDirectory)) ?? [] where name.hasSuffix(".tmp") {
            try? fileManager.removeItem(atPath: partsDirectory + "/" + name)
        }
        // Number new parts after the highest existing one, never over one.
        partCount = existingParts().compactMap { Int(($0 as NSString).lastPathComponent.dropFirst(5).prefix(6)) }.max() ?? 0
    }

    /// The complete part files on disk, in order.
    func existingParts() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: partsDirectory)) ?? [])
            .filter { $0.hasPrefix("part-") && $0.hasSuffix(".h5") }
            .sorted()
            .map { partsDirectory + "/" + $0 }
    }

    /// The runs available for reuse: from the existing output, then from parts left by an
    /// interrupted run (later ones win).
    func resumableSources() -> [String] {
        (FileManager.default.fileExists(atPath: outputPath) ? [outputPath] : []) + existingParts()
    }

    /// Marks run `index` of the plan as reused from `index` of `path`.
    func reuse(_ index: Int, from path: String, storedIndex: Int) {
        reused[index] = (path, storedIndex)
    }

    /// Writes a finished run into the current part file, starting a new part when due; its
    /// chunks are encoded on the calling thread, stored with `compression`.
    public func add(_ run: StoredRun, compression: TrajectoryCompression = .gzip) throws(InputError) {
        if encoder.compression != compression { encoder = RunEncoder(compression: compression) }
        try add(encoder.encode(run))
    }

    /// Writes a finished run, its chunks already encoded, into the current part file, starting
    /// a new part when due.
    public func add(_ run: EncodedRun) throws(InputError) {
        if writer == nil { try openPart() }
        try writer!.write(run)
        runsInWriter += 1
        written[run.summary.index] = partPath
        writtenSummaries[run.summary.index] = run.summary
        runsPerPart[partPath, default: 0] += 1
        if runsInWriter >= Self.runsPerWrite || Date().timeIntervalSince(writerOpened) >= Self.partInterval {
            try closePart()
        }
    }

    /// Opens the part the next runs go to: the current part continued (a copy of it under
    /// `.tmp`, appended to), or, when there is none or it has reached ``continuedPartLimit``,
    /// a new part.
    private func openPart() throws(InputError) {
        if closedPart < 0 || !Self.continues(partBytes: partBytes, copiedBytes: partCopiedBytes, limit: continuedPartLimit) {
            partCount += 1
            partCopiedBytes = 0
            partPath = partsDirectory + "/part-" + ResultsLayout.runGroupName(partCount) + ".h5"
            releaseClosedPart()
            startTemporaryPart()
            writer = try ResultsWriter(creating: temporaryPartPath, provenance: provenance)
        } else {
            startTemporaryPart()
            try DurableFiles.copy(closedPart, named: partPath, to: temporaryPartPath)
            partCopiedBytes += partBytes
            writer = try ResultsWriter(appendingTo: temporaryPartPath)
        }
        writerOpened = Date()
        runsInWriter = 0
    }

    /// Names the next version of the current part's temporary file.
    private func startTemporaryPart() {
        temporaryCount += 1
        temporaryPartPath = partPath + ".\(temporaryCount).tmp"
        try? FileManager.default.removeItem(atPath: temporaryPartPath)
    }

    private func releaseClosedPart() {
        if closedPart >= 0 { close(closedPart) }
        closedPart = -1
    }

    deinit {
        releaseClosedPart()
    }

    /// Whether a closed part of `partBytes`, after `copiedBytes` copied so far to continue it,
    /// is continued once more: below `limit`, and with all its copies within
    /// ``maximumCopyFactor`` times its size.
    static func continues(partBytes: Int, copiedBytes: Int, limit: Int) -> Bool {
        partBytes < limit && copiedBytes <= (maximumCopyFactor - 1) * partBytes
    }

    /// When the open part must be closed, or nil when none is open.
    var partDeadline: Date? {
        writer == nil ? nil : writerOpened.addingTimeInterval(Self.partInterval)
    }

    /// Closes the open part if its time has come.
    func closePartIfDue() throws(InputError) {
        if let deadline = partDeadline, Date() >= deadline { try closePart() }
    }

    /// Waits until every closed part is durable and in place; throws the first failure.
    func waitUntilPublished() throws(InputError) {
        try publisher.waitUntilPublished()
    }

    /// Closes the open part and hands it to the publisher, which fsyncs it and renames it over
    /// its previous version (which holds a subset of its runs) while the writer goes on. The
    /// version closed before must be published by then (it had a whole part interval): so at
    /// most one closed version waits, and a disk slower than the interval slows the writer
    /// instead of piling up copies of a part.
    /// - Throws: the failure of this close, or of an earlier publication.
    func closePart() throws(InputError) {
        guard let current = writer else { return }
        writer = nil
        releaseClosedPart()  // if this close fails, no later version continues an older one
        try current.close(durable: false)
        closedPart = open(temporaryPartPath, O_RDONLY | O_CLOEXEC)
        guard closedPart >= 0 else {
            throw InputError(file: temporaryPartPath, message: "cannot reopen the closed part: \(String(cString: strerror(errno)))")
        }
        var status = stat()
        partBytes = fstat(closedPart, &status) == 0 ? Int(status.st_size) : Int.max
        try publisher.waitUntilPublished()
        publisher.publish(temporaryPartPath, as: partPath)
    }

    /// Writes `OUT.h5` with every run written or reused, in the order given (grid order), and
    /// removes the parts. Returns the summaries written.
    ///
    /// When every run is in one part, that part becomes `OUT.h5` (it was fsynced when it was
    /// closed; renaming it is all that is left). Otherwise the part holding the most runs is
    /// copied to `OUT.h5.tmp` and the other runs are copied into it (`H5Ocopy`, chunks as
    /// stored), which is then fsynced and renamed over `OUT.h5`. Memory stays flat however many
    /// runs are copied: see ``CopySources``.
    @discardableResult
    public func finish(order: [Int]) throws(InputError) -> [RunSummary] {
        try closePart()
        try publisher.waitUntilPublished()
        releaseClosedPart()
        let temporary = outputPath + ".tmp"
        try? FileManager.default.removeItem(atPath: temporary)
        let base = runsPerPart.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
        if let base, reused.isEmpty, runsPerPart.count == 1 {
            try DurableFiles.replace(outputPath, with: base)
            return finished(order.compactMap { writtenSummaries[$0] })
        }
        let final: ResultsWriter
        if let base {
            try DurableFiles.copy(base, to: temporary)
            final = try ResultsWriter(appendingTo: temporary)
        } else {
            final = try ResultsWriter(creating: temporary, provenance: provenance)
        }
        var copies: [(index: Int, path: String, storedIndex: Int)] = []
        for index in order {
            if let path = written[index] {
                if path != base { copies.append((index, path, index)) }
            } else if let source = reused[index] {
                copies.append((index, source.path, source.index))
            }
        }
        let sources = CopySources(uses: copies.map(\.path))
        var copied: [Int: RunSummary] = [:]
        for (position, copy) in copies.enumerated() {
            let reader = try sources.reader(copy.path)
            var summary = try reader.summary(copy.storedIndex)
            summary.index = copy.index
            try final.copyRun(copy.storedIndex, from: reader, as: copy.index)
            copied[copy.index] = summary
            sources.copied(from: copy.path, at: position)
        }
        try final.close(durable: true)
        try DurableFiles.replace(outputPath, with: temporary)
        return finished(order.compactMap { copied[$0] ?? writtenSummaries[$0] })
    }

    /// Removes the parts and the lock once `OUT.h5` is in place.
    private func finished(_ summaries: [RunSummary]) -> [RunSummary] {
        try? FileManager.default.removeItem(atPath: partsDirectory)
        lock.release()
        return summaries
    }
}
