import CHDF5

/// The attributes of one group or dataset (and, through the root group, of a file).
///
/// Obtained from ``H5Group/attributes``, ``H5Dataset/attributes`` or ``H5File/attributes``;
/// keeps its object open while alive. See ``H5AttributeValue`` for the stored types.
public struct H5Attributes {
    let owner: H5Handle

    /// The attribute names, in increasing name order (`H5_INDEX_NAME`).
    public func names() throws -> [String] {
        let operation = "list attributes"
        let id = try owner.id(for: operation)
        let site = owner.site()
        var info = H5O_info_t()
        try H5Call.status(operation, site) { H5Oget_info2(id, &info, UInt32(H5O_INFO_NUM_ATTRS)) }
        return try (0..<info.num_attrs).map { index in
            let length = try H5Call.count(operation, site) {
                H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, chdf5_p_default())
            }
            var buffer = [CChar](repeating: 0, count: length + 1)
            _ = try H5Call.count(operation, site) {
                H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count,
                                   chdf5_p_default())
            }
            return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// Whether an attribute named `name` exists.
    public func contains(_ name: String) throws -> Bool {
        let operation = "check attribute"
        let id = try owner.id(for: operation, attribute: name)
        return try H5Call.bool(operation, owner.site(attribute: name)) { H5Aexists(id, name) }
    }

    /// Writes an attribute, replacing any existing one of that name (deleted, then created, so the
    /// stored type always follows `value`).
    public func set(_ name: String, _ value: H5AttributeValue) throws {
        let operation = "write attribute"
        let id = try owner.id(for: operation, attribute: name)
        let site = owner.site(attribute: name)
        if try contains(name) {
            try H5Call.status(operation, site) { H5Adelete(id, name) }
        }
        switch value {
        case .int64(var number):
            try write(id, name, fileType: chdf5_std_i64le(), memoryType: chdf5_native_int64(), site, &number)
        case .double(var number):
            try write(id, name, fileType: chdf5_ieee_f64le(), memoryType: chdf5_native_double(), site, &number)
        case .bool(let flag):
            var raw: Int8 = flag ? 1 : 0
            let type = try Self.boolType(site)
            defer { H5Call.closeQuietly(type, H5Tclose) }
            try write(id, name, fileType: type, memoryType: type, site, &raw)
        case .string(let text):
            let type = try H5Strings.variableUTF8Type(site)
            defer { H5Call.closeQuietly(type, H5Tclose) }
            try H5Strings.withCStrings([text], operation, site) { pointers in
                try write(id, name, fileType: type, memoryType: type, site, pointers)
            }
        case .strings(let texts):
            let type = try H5Strings.variableUTF8Type(site)
            defer { H5Call.closeQuietly(type, H5Tclose) }
            try H5Strings.withCStrings(texts, operation, site) { pointers in
                try write(id, name, fileType: type, memoryType: type, count: texts.count, site, pointers)
            }
        }
    }

    /// Deletes an attribute. Throws ``H5Error/Kind/notFound`` if there is none of that name.
    public func remove(_ name: String) throws {
        let operation = "delete attribute"
        let id = try owner.id(for: operation, attribute: name)
        let site = owner.site(attribute: name)
        guard try contains(name) else { throw notFound(operation, name) }
        try H5Call.status(operation, site) { H5Adelete(id, name) }
    }

    /// Reads an attribute, choosing the kind from the stored type: any integer reads as
    /// ``H5AttributeValue/int64(_:)``, any float as ``H5AttributeValue/double(_:)``, h5py's
    /// boolean enum as ``H5AttributeValue/bool(_:)``, a scalar string as
    /// ``H5AttributeValue/string(_:)`` and a 1-D string array as ``H5AttributeValue/strings(_:)``.
    ///
    /// Throws ``H5Error/Kind/notFound`` if there is no such attribute and
    /// ``H5Error/Kind/typeMismatch`` for other types (numeric arrays, compounds, other enums).
    public func value(_ name: String) throws -> H5AttributeValue {
        let operation = "read attribute"
        let id = try owner.id(for: operation, attribute: name)
        let site = owner.site(attribute: name)
        guard try contains(name) else { throw notFound(operation, name) }
        let attribute = try H5Call.id(operation, site) { H5Aopen(id, name, chdf5_p_default()) }
        defer { H5Call.closeQuietly(attribute, H5Aclose) }
        let type = try H5Call.id(operation, site) { H5Aget_type(attribute) }
        defer { H5Call.closeQuietly(type, H5Tclose) }
        let space = try H5Call.id(operation, site) { H5Aget_space(attribute) }
        defer { H5Call.closeQuietly(space, H5Sclose) }
        let count = try H5Call.count(operation, site) { H5Sget_simple_extent_npoints(space) }
        let rank = try H5Call.count(operation, site) { H5Sget_simple_extent_ndims(space) }
        let typeClass = H5Call.unchecked { H5Tget_class(type) }

        if typeClass == H5T_STRING && rank <= 1 {
            let texts = try H5Strings.read(count: count, fileType: type, operation, site) { memoryType, buffer in
                H5Aread(attribute, memoryType, buffer)
            }
            return rank == 0 ? .string(texts.first ?? "") : .strings(texts)
        }
        guard count == 1 else { throw unsupported(operation, name, "an array of \(count) numbers") }
        switch typeClass {
        case H5T_INTEGER:
            var number: Int64 = 0
            try H5Call.status(operation, site) { H5Aread(attribute, chdf5_native_int64(), &number) }
            return .int64(number)
        case H5T_FLOAT:
            var number = 0.0
            try H5Call.status(operation, site) { H5Aread(attribute, chdf5_native_double(), &number) }
            return .double(number)
        case H5T_ENUM:
            let boolType = try Self.boolType(site)
            defer { H5Call.closeQuietly(boolType, H5Tclose) }
            var raw: Int8 = 0
            do {
                try H5Call.status(operation, site) { H5Aread(attribute, boolType, &raw) }
            } catch {
                throw unsupported(operation, name, "an enum other than h5py's boolean {FALSE, TRUE}")
            }
            return .bool(raw != 0)
        default:
            throw unsupported(operation, name, "a type other than integer, float, boolean or string")
        }
    }

    /// Reads an integer attribute. Throws ``H5Error/Kind/typeMismatch`` for any other kind.
    public func int64(_ name: String) throws -> Int64 {
        guard case .int64(let number) = try read(name, expecting: "int64") else { fatalError("unreachable") }
        return number
    }

    /// Reads a floating-point attribute. Throws ``H5Error/Kind/typeMismatch`` for any other kind
    /// (integers included: convert explicitly if you mean to).
    public func double(_ name: String) throws -> Double {
        guard case .double(let number) = try read(name, expecting: "float64") else { fatalError("unreachable") }
        return number
    }

    /// Reads a boolean attribute: h5py's boolean enum, or any integer (nonzero is `true`) as
    /// other tools write booleans.
    public func bool(_ name: String) throws -> Bool {
        switch try value(name) {
        case .bool(let flag): return flag
        case .int64(let number): return number != 0
        case let other: throw mismatch(name, expected: "bool", found: other)
        }
    }

    /// Reads a scalar string attribute.
    public func string(_ name: String) throws -> String {
        guard case .string(let text) = try read(name, expecting: "string") else { fatalError("unreachable") }
        return text
    }

    /// Reads a 1-D string array attribute.
    public func strings(_ name: String) throws -> [String] {
        guard case .strings(let texts) = try read(name, expecting: "string array") else { fatalError("unreachable") }
        return texts
    }

    // MARK: Internals

    /// h5py's boolean type: an enum over int8 with members FALSE = 0 and TRUE = 1. The caller
    /// closes it.
    static func boolType(_ site: H5Call.Site) throws -> hid_t {
        let type = try H5Call.id("create boolean type", site) { H5Tenum_create(chdf5_native_int8()) }
        do {
            var no: Int8 = 0
            var yes: Int8 = 1
            try H5Call.status("create boolean type", site) { H5Tenum_insert(type, "FALSE", &no) }
            try H5Call.status("create boolean type", site) { H5Tenum_insert(type, "TRUE", &yes) }
        } catch {
            H5Call.closeQuietly(type, H5Tclose)
            throw error
        }
        return type
    }

    /// Creates attribute `name` (scalar, or 1-D of `count` when given) and writes `buffer`.
    private func write(
        _ id: hid_t, _ name: String, fileType: hid_t, memoryType: hid_t, count: Int? = nil,
        _ site: H5Call.Site, _ buffer: UnsafeRawPointer
    ) throws {
        let operation = "write attribute"
        let space: hid_t
        if let count {
            var extent = [hsize_t(count)]
            space = try H5Call.id(operation, site) { H5Screate_simple(1, &extent, nil) }
        } else {
            space = try H5Call.id(operation, site) { H5Screate(H5S_SCALAR) }
        }
        defer { H5Call.closeQuietly(space, H5Sclose) }
        let attribute = try H5Call.id(operation, site) {
            H5Acreate2(id, name, fileType, space, chdf5_p_default(), chdf5_p_default())
        }
        defer { H5Call.closeQuietly(attribute, H5Aclose) }
        if count == 0 { return }
        try H5Call.status(operation, site) { H5Awrite(attribute, memoryType, buffer) }
    }

    private func read(_ name: String, expecting kind: String) throws -> H5AttributeValue {
        let value = try value(name)
        guard value.kindName == kind else { throw mismatch(name, expected: kind, found: value) }
        return value
    }

    private func mismatch(_ name: String, expected: String, found: H5AttributeValue) -> H5Error {
        let site = owner.site(attribute: name)
        return H5Error(.typeMismatch, operation: "read attribute", file: site.file, object: site.object,
                       reason: "expected \(expected), found \(found.kindName) \(found)")
    }

    private func unsupported(_ operation: String, _ name: String, _ what: String) -> H5Error {
        let site = owner.site(attribute: name)
        return H5Error(.typeMismatch, operation: operation, file: site.file, object: site.object,
                       reason: "unsupported attribute type: \(what)")
    }

    private func notFound(_ operation: String, _ name: String) -> H5Error {
        let site = owner.site(attribute: name)
        return H5Error(.notFound, operation: operation, file: site.file, object: site.object,
                       reason: "no attribute named '\(name)'")
    }
}
