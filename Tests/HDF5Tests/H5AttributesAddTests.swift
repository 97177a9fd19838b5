import Foundation
import HDF5
import Testing

/// ``H5Attributes/add(_:)`` stores exactly what ``H5Attributes/set(_:_:)`` stores.
@Suite("Adding attributes to a new object")
struct H5AttributesAddTests {
    static let values: KeyValuePairs<String, H5AttributeValue> = [
        "run_id": .string("rosenbrock(dim=2)/adam(lr=0.001)/seed=0 ✓"),
        "seed": .int64(-7),
        "final_loss": .double(.nan),
        "message": .string(""),
        "best": .double(-0.0),
        "flag": .bool(true),
        "layers": .strings(["dense1", "dense2"]),
    ]

    @Test("the same names, types and values as set(), in libhdf5 and in h5dump")
    func sameAsSet() throws {
        try requireH5dump()
        let directory = try TemporaryDirectory()
        let path = directory.path("a.h5")
        do {
            let file = try H5File.create(at: path)
            let one = try file.root.createGroup("one")
            for (name, value) in Self.values { try one.attributes.set(name, value) }
            try file.root.createGroup("all").attributes.add(Self.values)
            let added = try file.root.openGroup("all").attributes
            #expect(try added.names() == one.attributes.names())
            for (name, value) in Self.values {
                #expect(try added.value(name).description == value.description, "\(name)")
            }
            try file.close()
        }
        let dump = { (group: String) throws -> String in
            let out = try runProcess(h5dumpPath, ["-g", "/" + group, "-A", path])
            #expect(out.status == 0, "\(out.stderr)")
            return out.stdout.replacingOccurrences(of: "GROUP \"/" + group + "\"", with: "GROUP")
        }
        #expect(try dump("all") == dump("one"))
    }

    @Test("an existing name is refused")
    func duplicate() throws {
        let directory = try TemporaryDirectory()
        let file = try H5File.create(at: directory.path("d.h5"))
        let group = try file.root.createGroup("g")
        try group.attributes.add(["a": .int64(1)])
        let error = try expectH5Error { try group.attributes.add(["b": .double(2), "a": .int64(3)]) }
        #expect(error.kind == .library)
        #expect(try group.attributes.int64("a") == 1)
        #expect(try group.attributes.double("b") == 2)
        let listed = try expectH5Error { try group.attributes.add(["b": .strings(["x"])]) }
        #expect(listed.kind == .library)
    }
}
