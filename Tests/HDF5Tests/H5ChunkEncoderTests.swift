import Foundation
import HDF5
import Testing

/// ``H5ChunkEncoder`` against libhdf5 itself: the bytes libhdf5's own shuffle and deflate filters
/// store for a chunk (read back raw with `H5Dread_chunk`) are the bytes the encoder makes, and a
/// dataset whose chunks were written raw reads back, through the filters, in libhdf5, h5dump
/// and h5py, as the values that were encoded, also when the encoder stores noise planes.
@Suite("Chunks encoded off the HDF5 thread")
struct H5ChunkEncoderTests {
    /// Values with every kind of byte pattern: smooth, noisy, negative, NaN, infinities, zero.
    static func sampleDoubles(_ count: Int) -> [Double] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            switch i % 17 {
            case 3: return .nan
            case 5: return -.infinity
            case 7: return 0
            case 11: return Double(bitPattern: state)  // any bits, NaN payloads included
            default: return 1.0 / Double(i + 1) + Double(state >> 40) * 1e-9 - 0.25
            }
        }
    }

    struct Case: CustomStringConvertible, Sendable {
        var type: H5ScalarType
        var rows: Int
        var columns: Int?
        var chunkRows: Int
        var shuffle = true
        var level: Int? = 1
        var description: String { "\(type) \(rows)×\(columns ?? 1) chunks of \(chunkRows), shuffle \(shuffle), deflate \(level.map(String.init) ?? "off")" }
    }

    static let cases: [Case] = [
        Case(type: .float64, rows: 1001, columns: nil, chunkRows: 1001),            // a short run's column
        Case(type: .int64, rows: 1001, columns: nil, chunkRows: 1001),
        Case(type: .float64, rows: 10_000, columns: nil, chunkRows: 4096),          // a partial last chunk
        Case(type: .float64, rows: 1001, columns: 2, chunkRows: 1001),              // params
        Case(type: .float32, rows: 5000, columns: 3, chunkRows: 4096),
        Case(type: .int64, rows: 1, columns: nil, chunkRows: 1),                    // one element: no shuffle
        Case(type: .float64, rows: 700, columns: nil, chunkRows: 256, level: 6),
        Case(type: .float64, rows: 700, columns: nil, chunkRows: 256, shuffle: false),
        Case(type: .float32, rows: 300, columns: 2, chunkRows: 128, shuffle: true, level: nil),
    ]

    static func values<T: H5Scalar>(_ count: Int, as type: T.Type) -> [T] {
        let doubles = sampleDoubles(count)
        switch T.h5ScalarType {
        case .float64: return doubles as! [T]
        case .float32: return doubles.map { Float($0) } as! [T]
        case .int64: return doubles.indices.map { Int64($0 * 37 - 500) * (doubles[$0].isNaN ? -1 : 1) } as! [T]
        }
    }

    @Test("the encoder's bytes equal what libhdf5's filters store", arguments: cases)
    func bytesEqualLibhdf5(_ c: Case) throws {
        switch c.type {
        case .float64: try compare(c, Double.self)
        case .float32: try compare(c, Float.self)
        case .int64: try compare(c, Int64.self)
        }
    }

    func compare<T: H5Scalar>(_ c: Case, _ type: T.Type) throws {
        let directory = try TemporaryDirectory()
        let width = c.columns ?? 1
        let values = Self.values(c.rows * width, as: T.self)
        let shape = c.columns.map { [c.rows, $0] } ?? [c.rows]
        let options = H5DatasetOptions(extendable: true, chunkRows: c.chunkRows, shuffle: c.shuffle, deflateLevel: c.level)
        let file = try H5File.create(at: directory.path("x.h5"))
        let filtered = try file.root.createDataset("filtered", values: values, shape: shape, options: options)
        let raw = try file.root.createDataset("raw", of: T.self, shape: shape, options: options)
        let planewise = try file.root.createDataset("planewise", of: T.self, shape: shape, options: options)
        let encoder = H5ChunkEncoder(options)
        let storingEncoder = H5ChunkEncoder(options, storesIncompressiblePlanes: true)
        for start in stride(from: 0, to: c.rows, by: c.chunkRows) {
            let end = min(start + c.chunkRows, c.rows)
            let stored = try filtered.readChunk(row: start)
            #expect(stored.filterMask == 0)
            try values[(start * width)..<(end * width)].withUnsafeBufferPointer { chunk in
                let encoded = encoder.encode(chunk, chunkElements: c.chunkRows * width)
                #expect(Array(encoded) == stored.bytes, "chunk at row \(start)")
                try raw.writeChunk(encoded, row: start)
                try planewise.writeChunk(storingEncoder.encode(chunk, chunkElements: c.chunkRows * width), row: start)
            }
        }
        for dataset in [raw, planewise] {
            let read = try dataset.read(as: T.self)
            #expect(read.count == values.count)
            let same = zip(read, values).allSatisfy { pair in
                withUnsafeBytes(of: pair.0) { a in withUnsafeBytes(of: pair.1) { b in a.elementsEqual(b) } }
            }
            #expect(same, "values differ after a round trip through raw chunks (\(dataset === raw ? "libhdf5's bytes" : "noise planes stored"))")
        }
    }

    /// One chunk encoded both ways, written raw and read back through libhdf5's filters.
    func encodeBothWays<T: H5Scalar & Equatable>(_ values: [T], in directory: TemporaryDirectory) throws -> (plain: [UInt8], planewise: [UInt8]) {
        let options = H5DatasetOptions(extendable: true, chunkRows: values.count, shuffle: true, deflateLevel: 1)
        // The encoded bytes live in the encoder until its next call: copied while it is alive.
        let encode = { (encoder: H5ChunkEncoder) in
            withExtendedLifetime(encoder) { values.withUnsafeBufferPointer { Array(encoder.encode($0, chunkElements: values.count)) } }
        }
        let plain = encode(H5ChunkEncoder(options))
        let planewise = encode(H5ChunkEncoder(options, storesIncompressiblePlanes: true))
        let file = try H5File.create(at: directory.path("both.h5"), truncate: true)
        let dataset = try file.root.createDataset("d", of: T.self, shape: [values.count], options: options)
        try planewise.withUnsafeBytes { try dataset.writeChunk($0, row: 0) }
        #expect(try dataset.read(as: T.self) == values, "the stored planes read back through libhdf5's filters")
        return (plain, planewise)
    }

    @Test("byte planes of noise are stored as they are, planes with structure are deflated")
    func noisePlanesStored() throws {
        let directory = try TemporaryDirectory()
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        // Six low bytes of noise under two constant high bytes (sign, exponent, top mantissa).
        let noisy = (0..<4096).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(bitPattern: 0x3FF0_0000_0000_0000 | (state >> 16))
        }
        let (plain, planewise) = try encodeBothWays(noisy, in: directory)
        // The six noise planes verbatim in stored blocks (5 bytes of header each), the two
        // constant planes in a few bytes.
        #expect(planewise.count >= 6 * 4096 && planewise.count <= 6 * 4096 + 200, "\(planewise.count) bytes")
        #expect(plain.count > 6 * 4096, "deflating noise gains nothing: \(plain.count) bytes")
    }

    @Test("a counter's low byte is flat but repetitive, so it is deflated: the bytes are libhdf5's")
    func counterDeflated() throws {
        let directory = try TemporaryDirectory()
        let steps = (0..<4096).map { Int64($0 * 3) }
        let (plain, planewise) = try encodeBothWays(steps, in: directory)
        #expect(planewise == plain)
        #expect(plain.count < 4096, "\(plain.count) bytes")
    }

    @Test("smooth real values: stored planes cost at most a little size")
    func smoothValues() throws {
        let directory = try TemporaryDirectory()
        let losses = (0..<4096).map { 3.0 / Double($0 + 1) + 1e-3 * sin(Double($0)) }
        let (plain, planewise) = try encodeBothWays(losses, in: directory)
        #expect(planewise.count <= plain.count * 11 / 10, "\(planewise.count) against \(plain.count) bytes")
        #expect(planewise != plain, "some planes of a smooth float64 series are noise, and stored")
    }

    @Test("raw chunks read back identically in h5dump and h5py")
    func independentReaders() throws {
        try requireH5dump()
        try requireH5py()
        let directory = try TemporaryDirectory()
        let path = directory.path("raw.h5")
        let rows = 5000
        let values = Self.sampleDoubles(rows * 2)
        let options = H5DatasetOptions(extendable: true, chunkRows: 4096, shuffle: true, deflateLevel: 1)
        do {
            let file = try H5File.create(at: path)
            let filtered = try file.root.createDataset("filtered", values: values, shape: [rows, 2], options: options)
            _ = filtered
            let raw = try file.root.createDataset("raw", of: Double.self, shape: [rows, 2], options: options)
            let planewise = try file.root.createDataset("planewise", of: Double.self, shape: [rows, 2], options: options)
            let encoder = H5ChunkEncoder(options)
            let storingEncoder = H5ChunkEncoder(options, storesIncompressiblePlanes: true)
            for start in [0, 4096] {
                try values[(start * 2)..<(min(start + 4096, rows) * 2)].withUnsafeBufferPointer {
                    try raw.writeChunk(encoder.encode($0, chunkElements: 4096 * 2), row: start)
                    try planewise.writeChunk(storingEncoder.encode($0, chunkElements: 4096 * 2), row: start)
                }
            }
            try file.close()
        }
        let dump = { (name: String) throws -> String in
            let out = try runProcess(h5dumpPath, ["-d", "/" + name, "-p", path])
            #expect(out.status == 0, "\(out.stderr)")
            return out.stdout.components(separatedBy: "\n").filter { !$0.contains("DATASET") && !$0.contains("SIZE") && !$0.contains("OFFSET") }.joined(separator: "\n")
        }
        #expect(try dump("raw") == dump("filtered"))
        #expect(try dump("planewise").replacingOccurrences(of: "planewise", with: "filtered") == dump("filtered"))
        let script = """
            import sys, h5py, numpy as np
            with h5py.File(sys.argv[1], "r") as f:
                a, b, c = f["raw"], f["filtered"], f["planewise"]
                for d in (a, c):
                    assert d.compression == "gzip" and d.compression_opts == 1 and d.shuffle and d.chunks == (4096, 2)
                    assert d[:].view(np.uint64).tobytes() == b[:].view(np.uint64).tobytes()
                print(a.shape, int(a[:].view(np.uint64).sum(dtype=np.uint64)) % 1000003)
            """
        let output = try runPython(script, [path])
        let expected = values.reduce(UInt64(0)) { $0 &+ $1.bitPattern } % 1000003
        #expect(output == "(\(rows), 2) \(expected)\n")
    }

    @Test("writing a chunk refuses rows outside the dataset; reading an unwritten chunk fails")
    func chunkErrors() throws {
        let directory = try TemporaryDirectory()
        let file = try H5File.create(at: directory.path("e.h5"))
        let options = H5DatasetOptions(extendable: true, chunkRows: 4, shuffle: true, deflateLevel: 1)
        let dataset = try file.root.createDataset("d", of: Double.self, shape: [10], options: options)
        // The encoded bytes live in the encoder until its next call: copied while it is alive.
        let encoder = H5ChunkEncoder(options)
        let encoded = [1.0, 2].withUnsafeBufferPointer { values in withExtendedLifetime(encoder) { Array(encoder.encode(values, chunkElements: 4)) } }
        let outside = try expectH5Error { try encoded.withUnsafeBytes { try dataset.writeChunk($0, row: 12) } }
        #expect(outside.kind == .invalidArgument)
        let misaligned = try expectH5Error { try encoded.withUnsafeBytes { try dataset.writeChunk($0, row: 2) } }
        #expect(misaligned.kind == .library)
        let missing = try expectH5Error { _ = try dataset.readChunk(row: 4) }
        #expect(missing.kind == .library)
        #expect(try dataset.chunkRows == 4)
        #expect(try file.root.createDataset("c", values: [1.0]).chunkRows == nil)
    }
}

/// ``H5File/create(at:truncate:format:chunkIndexFanout:)``: smaller chunk-index nodes.
@Suite("Chunk index node size")
struct H5ChunkIndexFanoutTests {
    @Test("a small fanout keeps every chunk readable, in libhdf5 and h5py, and shrinks one-chunk datasets")
    func smallFanout() throws {
        try requireH5py()
        let directory = try TemporaryDirectory()
        let options = H5DatasetOptions(extendable: true, chunkRows: 10, shuffle: true, deflateLevel: 1)
        let values = (0..<2000).map { Double($0) * 0.5 }
        var sizes: [Int] = []
        for fanout in [nil, 8] as [Int?] {
            let path = directory.path("f\(fanout ?? 0).h5")
            do {
                let file = try H5File.create(at: path, chunkIndexFanout: fanout)
                _ = try file.root.createDataset("many", values: values, options: options)  // 200 chunks: a deep index
                for i in 0..<20 { _ = try file.root.createDataset("one\(i)", values: [1.0], options: options) }
                try file.close()
            }
            #expect(try H5File.open(at: path).root.openDataset("many").read(as: Double.self) == values)
            let output = try runPython("import sys, h5py; f = h5py.File(sys.argv[1], 'r'); print(f['many'][:].sum(), f['one7'][0])", [path])
            #expect(output == "\(values.reduce(0, +)) 1.0\n")
            sizes.append(Int((try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0))
        }
        #expect(sizes[1] < sizes[0] - 20 * 1500, "sizes \(sizes)")
        let error = try expectH5Error { _ = try H5File.create(at: directory.path("bad.h5"), chunkIndexFanout: 3) }
        #expect(error.kind == .invalidArgument)
    }
}
