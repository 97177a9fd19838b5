import CHDF5

extension H5Group {
    /// Creates a numeric dataset of the given shape, filled with zeros.
    ///
    /// For a log that grows, pass `shape: [0]` (or `[0, columns]`) with
    /// `options.extendable = true` and add rows with ``H5Dataset/append(_:)``.
    /// Missing intermediate groups are created. Throws ``H5Error/Kind/alreadyExists`` if something
    /// exists at `path`.
    /// - Parameters:
    ///   - path: Where to create it, relative to this group or absolute.
    ///   - type: The element type (`Double.self`, `Float.self`, `Int64.self`).
    ///   - shape: One or more non-negative dimensions, row-major; the first counts rows.
    ///   - options: Growth, chunking and compression. Default: fixed and contiguous.
    public func createDataset<T: H5Scalar>(
        _ path: String, of type: T.Type, shape: [Int], options: H5DatasetOptions = H5DatasetOptions()
    ) throws -> H5Dataset {
        try createDataset(path, scalarType: T.h5ScalarType, shape: shape, options: options)
    }

    /// Creates a numeric dataset holding `values` (row-major), of shape `shape` or, if `nil`,
    /// `[values.count]`.
    ///
    /// Throws ``H5Error/Kind/invalidArgument`` if `values.count` differs from the shape's
    /// element count. See ``createDataset(_:of:shape:options:)``.
    @discardableResult
    public func createDataset<T: H5Scalar>(
        _ path: String, values: [T], shape: [Int]? = nil, options: H5DatasetOptions = H5DatasetOptions()
    ) throws -> H5Dataset {
        let shape = shape ?? [values.count]
        guard shape.reduce(1, *) == values.count else {
            throw H5Error(.invalidArgument, operation: "create dataset", file: file.path,
                          object: handle.resolve(path),
                          reason: "\(values.count) values do not fill shape \(shape)")
        }
        let dataset = try createDataset(path, scalarType: T.h5ScalarType, shape: shape, options: options)
        try dataset.write(values)
        return dataset
    }

    /// Creates a fixed-size 1-D dataset of variable-length UTF-8 strings (for lists of names).
    ///
    /// h5py reports the dtype as a UTF-8 string type; as h5py 3 does for every string dataset, a
    /// plain read returns `bytes` and `dataset.asstr()[()]` returns `str`.
    ///
    /// Read it back with ``H5Dataset/readStrings()``. Throws ``H5Error/Kind/invalidArgument`` for
    /// a string containing NUL.
    public func createStringDataset(_ path: String, values: [String]) throws -> H5Dataset {
        let operation = "create dataset"
        let location = try handle.id(for: operation)
        let site = self.site(path)
        let type = try H5Strings.variableUTF8Type(site)
        defer { H5Call.closeQuietly(type, H5Tclose) }
        var extent = [hsize_t(values.count)]
        let space = try H5Call.id(operation, site) { H5Screate_simple(1, &extent, nil) }
        defer { H5Call.closeQuietly(space, H5Sclose) }
        let linkList = try Self.intermediateGroupsLinkList(site)
        defer { H5Call.closeQuietly(linkList, H5Pclose) }
        // Strings are checked (for NUL) before anything is created.
        return try H5Strings.withCStrings(values, operation, site) { pointers in
            let id: hid_t
            do {
                id = try H5Call.id(operation, site) {
                    H5Dcreate2(location, path, type, space, linkList, chdf5_p_default(), chdf5_p_default())
                }
            } catch let error as H5Error {
                throw diagnose(error, path, expecting: H5O_TYPE_DATASET, creating: true)
            }
            let dataset = try H5Dataset(H5Handle(file: file, path: site.object!, id: id, closer: H5Dclose))
            if !values.isEmpty {
                try H5Call.status("write strings", site) {
                    H5Dwrite(id, type, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), pointers)
                }
            }
            return dataset
        }
    }

    private func createDataset(
        _ path: String, scalarType: H5ScalarType, shape: [Int], options: H5DatasetOptions
    ) throws -> H5Dataset {
        let operation = "create dataset"
        let location = try handle.id(for: operation)
        let site = self.site(path)
        func invalid(_ reason: String) -> H5Error {
            H5Error(.invalidArgument, operation: operation, file: site.file, object: site.object, reason: reason)
        }
        guard !shape.isEmpty, shape.allSatisfy({ $0 >= 0 }) else {
            throw invalid("shape must have at least one non-negative dimension, got \(shape)")
        }
        if let level = options.deflateLevel, !(0...9).contains(level) {
            throw invalid("deflate level must be in 0...9, got \(level)")
        }
        if let rows = options.chunkRows, rows < 1 { throw invalid("chunkRows must be >= 1, got \(rows)") }

        var extent = shape.map { hsize_t($0) }
        var maximum = extent
        if options.extendable { maximum[0] = H5Call.unchecked(chdf5_s_unlimited) }
        let space = try H5Call.id(operation, site) { H5Screate_simple(Int32(shape.count), &extent, &maximum) }
        defer { H5Call.closeQuietly(space, H5Sclose) }

        let creation = try H5Call.id(operation, site) { H5Pcreate(chdf5_p_dataset_create()) }
        defer { H5Call.closeQuietly(creation, H5Pclose) }
        if options.extendable && shape.dropFirst().contains(0) {
            throw invalid("an extendable dataset needs every dimension after the first >= 1, got \(shape)")
        }
        // A fixed dataset with no elements gains nothing from chunks (and cannot have any).
        if options.isChunked && (options.extendable || !shape.contains(0)) {
            let rowBytes = shape.dropFirst().reduce(scalarType.byteCount, *)
            var rows = options.chunkRows ?? max(1, 65_536 / rowBytes)
            if !options.extendable { rows = min(rows, shape[0]) }  // chunks cannot exceed fixed dimensions
            var chunk = [hsize_t(rows)] + shape.dropFirst().map { hsize_t($0) }
            try H5Call.status("set chunking", site) { H5Pset_chunk(creation, Int32(chunk.count), &chunk) }
            if options.shuffle { try H5Call.status("set shuffle filter", site) { H5Pset_shuffle(creation) } }
            if let level = options.deflateLevel {
                try H5Call.status("set deflate filter", site) { H5Pset_deflate(creation, UInt32(level)) }
            }
        }
        let linkList = try Self.intermediateGroupsLinkList(site)
        defer { H5Call.closeQuietly(linkList, H5Pclose) }
        let id: hid_t
        do {
            id = try H5Call.id(operation, site) {
                H5Dcreate2(location, path, scalarType.fileType, space, linkList, creation, chdf5_p_default())
            }
        } catch let error as H5Error {
            throw diagnose(error, path, expecting: H5O_TYPE_DATASET, creating: true)
        }
        return try H5Dataset(H5Handle(file: file, path: site.object!, id: id, closer: H5Dclose))
    }
}
