import HDF5
import Testing

@Suite("H5Attributes")
struct H5AttributesTests {
    static let samples: [(String, H5AttributeValue)] = [
        ("count", .int64(-9_007_199_254_740_993)),
        ("lr", .double(0.001)),
        ("tiny", .double(.leastNonzeroMagnitude)),
        ("flag", .bool(true)),
        ("off", .bool(false)),
        ("name", .string("adam(lr=0.001)")),
        ("unicode", .string("Größe λ → θ ✓")),
        ("empty", .string("")),
        ("layers", .strings(["dense1", "relu", "dense2"])),
        ("none", .strings([])),
    ]

    @Test("every kind round-trips on files, groups and datasets")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("attributes.h5")
        do {
            let file = try H5File.create(at: path)
            let group = try file.root.createGroup("g")
            let dataset = try group.createDataset("d", values: [1.0])
            for attributes in [try file.attributes, group.attributes, dataset.attributes] {
                for (name, value) in Self.samples { try attributes.set(name, value) }
            }
        }
        let file = try H5File.open(at: path)
        let group = try file.root.openGroup("g")
        for attributes in [try file.attributes, group.attributes, try group.openDataset("d").attributes] {
            for (name, value) in Self.samples { #expect(try attributes.value(name) == value, "\(name)") }
            #expect(try attributes.names() == Self.samples.map(\.0).sorted())
        }
    }

    @Test("typed getters read their kind and reject the others")
    func typedGetters() throws {
        let directory = try TemporaryDirectory()
        let attributes = try H5File.create(at: directory.path("typed.h5")).attributes
        try attributes.set("seed", 42)
        try attributes.set("lr", 0.5)
        try attributes.set("done", true)
        try attributes.set("status", "completed")
        try attributes.set("layers", ["a", "b"])
        #expect(try attributes.int64("seed") == 42)
        #expect(try attributes.double("lr") == 0.5)
        #expect(try attributes.bool("done"))
        #expect(try attributes.bool("seed"))  // integers read as booleans, as other tools write them
        #expect(try attributes.string("status") == "completed")
        #expect(try attributes.strings("layers") == ["a", "b"])
        let error = try expectH5Error { _ = try attributes.double("seed") }
        #expect(error.kind == .typeMismatch)
        #expect(error.object == "/@seed")
        #expect(error.description.contains("expected float64, found int64 42"))
        #expect(try expectH5Error { _ = try attributes.string("lr") }.kind == .typeMismatch)
        #expect(try expectH5Error { _ = try attributes.int64("status") }.kind == .typeMismatch)
    }

    @Test("set overwrites an existing attribute, even with another kind")
    func overwrite() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("overwrite.h5")
        do {
            let attributes = try H5File.create(at: path).attributes
            try attributes.set("status", "running")
            try attributes.set("status", "completed")
            try attributes.set("steps", 10)
            try attributes.set("steps", .double(10.5))
        }
        let attributes = try H5File.open(at: path).attributes
        #expect(try attributes.value("status") == "completed")
        #expect(try attributes.value("steps") == .double(10.5))
        #expect(try attributes.names() == ["status", "steps"])
    }

    @Test("contains, remove, and a missing attribute's notFound error")
    func containsAndRemove() throws {
        let directory = try TemporaryDirectory()
        let attributes = try H5File.create(at: directory.path("remove.h5")).root.createGroup("g").attributes
        try attributes.set("x", 1)
        #expect(try attributes.contains("x"))
        try attributes.remove("x")
        #expect(try !attributes.contains("x"))
        let error = try expectH5Error { _ = try attributes.value("x") }
        #expect(error.kind == .notFound)
        #expect(error.object == "/g@x")
        #expect(try expectH5Error { try attributes.remove("x") }.kind == .notFound)
    }

    @Test("a long string attribute (a suite's YAML text) is stored whole")
    func longString() throws {
        let directory = try TemporaryDirectory()
        let text = String(repeating: "optimizers:\n  - name: adam\n    lr: 0.001\n", count: 5000)
        let attributes = try H5File.create(at: directory.path("long.h5")).attributes
        try attributes.set("suite", .string(text))
        #expect(try attributes.string("suite") == text)
    }
}
