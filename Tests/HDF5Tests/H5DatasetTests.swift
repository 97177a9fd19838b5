import HDF5
import Testing

@Suite("H5Dataset")
struct H5DatasetTests {
    static let layouts: [(String, H5DatasetOptions)] = [
        ("contiguous", H5DatasetOptions()),
        ("chunked", H5DatasetOptions(chunkRows: 2)),
        ("shuffle+deflate", H5DatasetOptions(chunkRows: 3, shuffle: true, deflateLevel: 6)),
        ("extendable", H5DatasetOptions(extendable: true, chunkRows: 4, deflateLevel: 1)),
    ]

    @Test("every element type round-trips in 1-D and 2-D, in every layout", arguments: 0..<4)
    func roundTrip(layoutIndex: Int) throws {
        let (name, options) = Self.layouts[layoutIndex]
        let directory = try TemporaryDirectory()
        let path = directory.path("roundtrip-\(layoutIndex).h5")
        let doubles: [Double] = [0, -1.5, .pi, 1e-300, -.infinity, .greatestFiniteMagnitude]
        let floats: [Float] = [0, -1.5, .pi, 1e-30, .infinity, 3]
        let ints: [Int64] = [0, -1, .max, .min, 42, 7]
        do {
            let file = try H5File.create(at: path)
            let group = try file.root.createGroup(name)
            _ = try group.createDataset("f64", values: doubles, options: options)
            _ = try group.createDataset("f32", values: floats, options: options)
            _ = try group.createDataset("i64", values: ints, options: options)
            _ = try group.createDataset("f64x2", values: doubles, shape: [3, 2], options: options)
            _ = try group.createDataset("f32x2", values: floats, shape: [2, 3], options: options)
            _ = try group.createDataset("i64x2", values: ints, shape: [6, 1], options: options)
        }
        let group = try H5File.open(at: path).root.openGroup(name)
        #expect(try group.openDataset("f64").read(as: Double.self) == doubles)
        #expect(try group.openDataset("f32").read(as: Float.self) == floats)
        #expect(try group.openDataset("i64").read(as: Int64.self) == ints)
        #expect(try group.openDataset("f64x2").read(as: Double.self) == doubles)
        #expect(try group.openDataset("f32x2").read(as: Float.self) == floats)
        #expect(try group.openDataset("i64x2").read(as: Int64.self) == ints)
        #expect(try group.openDataset("f64").shape == [6])
        #expect(try group.openDataset("f64x2").shape == [3, 2])
        #expect(try group.openDataset("f32x2").shape == [2, 3])
        #expect(try group.openDataset("f64x2").scalarType == .float64)
        #expect(try group.openDataset("f32").scalarType == .float32)
        #expect(try group.openDataset("i64x2").scalarType == .int64)
    }

    @Test("NaN survives a round trip bit for bit")
    func nanRoundTrip() throws {
        let directory = try TemporaryDirectory()
        let file = try H5File.create(at: directory.path("nan.h5"))
        let values = [Double.nan, -Double.nan, Double(bitPattern: 0x7FF8_0000_0000_0001)]
        let read = try file.root.createDataset("x", values: values).read(as: Double.self)
        #expect(read.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test("appending in several blocks equals one big write, in 1-D and 2-D")
    func appendsEqualOneWrite() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("appends.h5")
        let rows = 1000, columns = 3
        let values = (0..<(rows * columns)).map { Double($0) * 0.25 - 7 }
        do {
            let file = try H5File.create(at: path)
            let options = H5DatasetOptions(extendable: true, chunkRows: 64, shuffle: true, deflateLevel: 4)
            let oneD = try file.root.createDataset("blocks1d", of: Double.self, shape: [0], options: options)
            let twoD = try file.root.createDataset("blocks2d", of: Double.self, shape: [0, columns], options: options)
            // Uneven blocks, including an empty one and one larger than a chunk.
            var start = 0
            for size in [1, 0, 63, 64, 65, 7, 300, 500] {
                try values[start..<(start + size)].withContiguousStorageIfAvailable { try oneD.append($0) }
                start += size
            }
            #expect(start == rows)
            var row = 0
            for size in [10, 1, 200, 789] {
                try twoD.append(Array(values[(row * columns)..<((row + size) * columns)]))
                row += size
            }
            _ = try file.root.createDataset("whole1d", values: Array(values[0..<rows]))
            _ = try file.root.createDataset("whole2d", values: values, shape: [rows, columns])
        }
        let root = try H5File.open(at: path).root
        #expect(try root.openDataset("blocks1d").read(as: Double.self) == root.openDataset("whole1d").read(as: Double.self))
        #expect(try root.openDataset("blocks2d").read(as: Double.self) == root.openDataset("whole2d").read(as: Double.self))
        #expect(try root.openDataset("blocks2d").shape == [rows, columns])
    }

    @Test("row slices [start, start+count) read exactly those rows")
    func rowSlices() throws {
        let directory = try TemporaryDirectory()
        let file = try H5File.create(at: directory.path("slices.h5"))
        let matrix = try file.root.createDataset(
            "m", of: Int64.self, shape: [0, 2], options: H5DatasetOptions(extendable: true, chunkRows: 3))
        try matrix.append((0..<20).map { Int64($0) })  // rows [0,1], [2,3], …, [18,19]
        #expect(try matrix.readRows(0..<1, as: Int64.self) == [0, 1])
        #expect(try matrix.readRows(2..<5, as: Int64.self) == [4, 5, 6, 7, 8, 9])
        #expect(try matrix.readRows(9..<10, as: Int64.self) == [18, 19])
        #expect(try matrix.readRows(4..<4, as: Int64.self) == [])
        let vector = try file.root.createDataset("v", values: [Float(1), 2, 3, 4])
        #expect(try vector.readRows(1..<3, as: Float.self) == [2, 3])
        let error = try expectH5Error { _ = try matrix.readRows(8..<11, as: Int64.self) }
        #expect(error.kind == .invalidArgument)
        #expect(error.object == "/m")
    }

    @Test("a shape whose element count overflows an Int is refused, not multiplied")
    func overflowingShape() throws {
        let directory = try TemporaryDirectory()
        let file = try H5File.create(at: directory.path("huge.h5"))
        // Chunked and never written: the shape alone declares 2⁶⁴ elements.
        let dataset = try file.root.createDataset("d", of: Double.self, shape: [1 << 62, 4], options: H5DatasetOptions(chunkRows: 1))
        for attempt in [{ _ = try dataset.read(as: Double.self) }, { _ = try dataset.shape }, { _ = try dataset.elementCount }] {
            let error = try expectH5Error(attempt)
            #expect(error.kind == .invalidArgument)
            #expect(error.reason == "dimensions [4611686018427387904, 4] hold more elements than can be counted")
        }
        let counted = try file.root.createDataset("e", of: Double.self, shape: [1 << 40, 3], options: H5DatasetOptions(chunkRows: 1))
        #expect(try counted.elementCount == 3 << 40)
    }

    @Test("reads convert within a kind, never between integers and floats")
    func readConversions() throws {
        let directory = try TemporaryDirectory()
        let file = try H5File.create(at: directory.path("convert.h5"))
        let floats = try file.root.createDataset("f32", values: [Float(0.5), 2])
        #expect(try floats.read(as: Double.self) == [0.5, 2])
        let error = try expectH5Error { _ = try floats.read(as: Int64.self) }
        #expect(error.kind == .typeMismatch)
    }

    @Test("writes and appends require the stored element type")
    func writeTypeMismatch() throws {
        let directory = try TemporaryDirectory()
        let file = try H5File.create(at: directory.path("mismatch.h5"))
        let dataset = try file.root.createDataset(
            "x", of: Float.self, shape: [0], options: H5DatasetOptions(extendable: true))
        let error = try expectH5Error { try dataset.append([1.0, 2.0]) }
        #expect(error.kind == .typeMismatch)
        #expect(error.description.contains("float64"))
        #expect(error.description.contains("float32"))
        #expect(try dataset.shape == [0])
    }

    @Test("append rejects partial rows and fixed-size datasets")
    func appendValidation() throws {
        let directory = try TemporaryDirectory()
        let file = try H5File.create(at: directory.path("validation.h5"))
        let matrix = try file.root.createDataset(
            "m", of: Double.self, shape: [0, 3], options: H5DatasetOptions(extendable: true))
        #expect(try expectH5Error { try matrix.append([1.0, 2.0]) }.kind == .invalidArgument)
        let fixed = try file.root.createDataset("fixed", values: [1.0, 2.0])
        let error = try expectH5Error { try fixed.append([3.0]) }
        #expect(error.kind == .invalidArgument)
        #expect(error.description.contains("extendable"))
        #expect(try fixed.read(as: Double.self) == [1, 2])
    }

    @Test("creation rejects bad shapes, deflate levels, and existing paths")
    func creationValidation() throws {
        let directory = try TemporaryDirectory()
        let file = try H5File.create(at: directory.path("create.h5"))
        let root = try file.root
        #expect(try expectH5Error { _ = try root.createDataset("a", of: Double.self, shape: []) }.kind == .invalidArgument)
        #expect(try expectH5Error {
            _ = try root.createDataset("a", of: Double.self, shape: [1], options: H5DatasetOptions(deflateLevel: 10))
        }.kind == .invalidArgument)
        #expect(try expectH5Error { _ = try root.createDataset("a", values: [1.0, 2.0], shape: [3]) }.kind == .invalidArgument)
        _ = try root.createDataset("a", values: [1.0])
        let error = try expectH5Error { _ = try root.createDataset("a", values: [2.0]) }
        #expect(error.kind == .alreadyExists)
        #expect(error.object == "/a")
    }

    @Test("a fixed-size dataset of strings round-trips, including non-ASCII and empty strings")
    func stringDataset() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("strings.h5")
        let names = ["dense1.weight", "", "Größe", "λ→θ", "emoji 🎛️"]
        do {
            let file = try H5File.create(at: path)
            _ = try file.root.createStringDataset("meta/layers", values: names)
            _ = try file.root.createStringDataset("meta/empty", values: [])
        }
        let meta = try H5File.open(at: path).root.openGroup("meta")
        let layers = try meta.openDataset("layers")
        #expect(try layers.readStrings() == names)
        #expect(layers.scalarType == nil)
        #expect(try layers.shape == [5])
        #expect(try meta.openDataset("empty").readStrings() == [])
        #expect(try expectH5Error { _ = try layers.read(as: Double.self) }.kind == .typeMismatch)
        let numbers = try H5File.create(at: directory.path("numbers.h5")).root.createDataset("x", values: [1.0])
        #expect(try expectH5Error { _ = try numbers.readStrings() }.kind == .typeMismatch)
    }

    @Test("strings containing NUL are refused")
    func nulInString() throws {
        let directory = try TemporaryDirectory()
        let file = try H5File.create(at: directory.path("nul.h5"))
        #expect(try expectH5Error { _ = try file.root.createStringDataset("x", values: ["a\u{0}b"]) }.kind == .invalidArgument)
    }
}
