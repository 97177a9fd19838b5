import CHDF5

extension H5Attributes {
    /// Creates new attributes, in order, on an object that has none of these names yet (a group
    /// or dataset just created): what ``set(_:_:)`` does for each, without its check for an
    /// existing attribute, and with one string type and one scalar dataspace for all of them.
    ///
    /// Stored types are those of ``set(_:_:)``. Throws ``H5Error/Kind/library`` when an attribute
    /// of one of the names exists (libhdf5 refuses to create it; the earlier ones stay) and
    /// ``H5Error/Kind/invalidArgument`` for a string containing NUL.
    public func add(_ attributes: KeyValuePairs<String, H5AttributeValue>) throws {
        let operation = "write attribute"
        let id = try owner.id(for: operation)
        let site = owner.site()
        let scalar = try H5Call.id(operation, site) { H5Screate(H5S_SCALAR) }
        defer { H5Call.closeQuietly(scalar, H5Sclose) }
        let text = try H5Strings.variableUTF8Type(site)
        defer { H5Call.closeQuietly(text, H5Tclose) }
        for (name, value) in attributes {
            let site = owner.site(attribute: name)
            func create(_ fileType: hid_t, _ memoryType: hid_t, _ buffer: UnsafeRawPointer) throws {
                let attribute = try H5Call.id(operation, site) {
                    H5Acreate2(id, name, fileType, scalar, chdf5_p_default(), chdf5_p_default())
                }
                defer { H5Call.closeQuietly(attribute, H5Aclose) }
                try H5Call.status(operation, site) { H5Awrite(attribute, memoryType, buffer) }
            }
            switch value {
            case .int64(var number):
                try create(chdf5_std_i64le(), chdf5_native_int64(), &number)
            case .double(var number):
                try create(chdf5_ieee_f64le(), chdf5_native_double(), &number)
            case .string(let string):
                try H5Strings.withCStrings([string], operation, site) { pointers in try create(text, text, pointers) }
            case .bool, .strings:
                if try contains(name) {
                    throw H5Error(.library, operation: operation, file: site.file, object: site.object,
                                  reason: "attribute '\(name)' already exists")
                }
                try set(name, value)
            }
        }
    }
}
