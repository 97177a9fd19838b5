import CHDF5

/// An open HDF5 dataset: shape and element type queries, whole and row-slice reads, whole writes,
/// and block appends along the first dimension.
///
/// Numeric data is row-major: a `[rows, columns]` dataset is read and written as `rows·columns`
/// consecutive values. Writes require the Swift type to match the stored ``scalarType`` exactly;
/// reads convert within a kind (a `float32` dataset reads as `Double`), never between integers and
/// floating point. The dataset keeps its file open while it is alive; see ``H5File`` for closing
/// and threads.
public final class H5Dataset {
    let handle: H5Handle

    /// The stored element type, or `nil` when it is not `float64`, `float32` or `int64` (e.g. a
    /// string dataset). Read once, when the dataset is opened or created.
    public let scalarType: H5ScalarType?
    private let isString: Bool

    init(_ handle: H5Handle) throws {
        self.handle = handle
        let id = try handle.id(for: "open dataset")
        let site = handle.site()
        let type = try H5Call.id("query dataset type", site) { H5Dget_type(id) }
        defer { H5Call.closeQuietly(type, H5Tclose) }
        scalarType = try H5ScalarType.matching(type, site)
        isString = H5Call.unchecked { H5Tget_class(type) } == H5T_STRING
    }

    /// The dataset's absolute path in the file.
    public var path: String { handle.path }
    /// The file the dataset belongs to.
    public var file: H5File { handle.file }
    /// The dataset's attributes.
    public var attributes: H5Attributes { H5Attributes(owner: handle) }

    /// The current dimensions, row-major (`[rows]` or `[rows, columns]`).
    public var shape: [Int] {
        get throws { try extent(for: "query shape").current.map { Int($0) } }
    }

    /// The number of elements (the product of ``shape``), without reading them.
    public var elementCount: Int {
        get throws { Int(try extent(for: "query shape").current.reduce(1, *)) }
    }

    /// Appends whole rows at the end of the first dimension: one `H5Dset_extent` and one
    /// `H5Dwrite` for the whole block.
    ///
    /// `rows` holds `k·w` values for `k` new rows of `w` values each (`w` = product of the other
    /// dimensions; 1 for a 1-D dataset). An empty buffer does nothing. Throws
    /// ``H5Error/Kind/typeMismatch`` if `T` is not the stored type, and
    /// ``H5Error/Kind/invalidArgument`` if the values are not whole rows or the dataset cannot
    /// grow that far (it was not created ``H5DatasetOptions/extendable``). If the write fails,
    /// the extent is restored, so a failed append adds no rows.
    public func append<T: H5Scalar>(_ rows: UnsafeBufferPointer<T>) throws {
        let operation = "append rows"
        let id = try handle.id(for: operation)
        try requireStored(T.self, operation)
        let (current, maximum) = try extent(for: operation)
        let width = current.dropFirst().reduce(1, *)
        guard width > 0 || rows.isEmpty, width == 0 || rows.count % Int(width) == 0 else {
            throw invalid(operation, "\(rows.count) values are not whole rows of \(width)")
        }
        guard let base = rows.baseAddress, width > 0 else { return }
        let added = hsize_t(rows.count) / width
        var grown = current
        grown[0] += added
        guard maximum[0] == H5Call.unchecked(chdf5_s_unlimited) || grown[0] <= maximum[0] else {
            throw invalid(operation, "the dataset cannot grow to \(grown[0]) rows (maximum \(maximum[0]); "
                                     + "create it with extendable: true)")
        }
        let site = handle.site()
        try H5Call.status(operation, site) { H5Dset_extent(id, &grown) }
        do {
            try withRows(id, start: current[0], count: added, shape: grown, operation) { memorySpace, fileSpace in
                try H5Call.status(operation, site) {
                    H5Dwrite(id, T.h5ScalarType.memoryType, memorySpace, fileSpace, chdf5_p_default(), base)
                }
            }
        } catch {
            var previous = current  // a failed append adds no rows
            _ = H5Call.unchecked { H5Dset_extent(id, &previous) }
            _ = H5Call.takeErrorStack()
            throw error
        }
    }

    /// Appends whole rows from an array; see the buffer form of `append(_:)`.
    public func append<T: H5Scalar>(_ rows: [T]) throws {
        try rows.withUnsafeBufferPointer { try append($0) }
    }

    /// Overwrites the whole dataset with `values` (row-major), which must have exactly as many
    /// elements as the current shape.
    public func write<T: H5Scalar>(_ values: UnsafeBufferPointer<T>) throws {
        let operation = "write dataset"
        let id = try handle.id(for: operation)
        try requireStored(T.self, operation)
        let count = try extent(for: operation).current.reduce(1, *)
        guard values.count == Int(count) else {
            throw invalid(operation, "\(values.count) values for \(count) elements")
        }
        guard let base = values.baseAddress else { return }
        try H5Call.status(operation, handle.site()) {
            H5Dwrite(id, T.h5ScalarType.memoryType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), base)
        }
    }

    /// Overwrites the whole dataset from an array; see the buffer form of `write(_:)`.
    public func write<T: H5Scalar>(_ values: [T]) throws {
        try values.withUnsafeBufferPointer { try write($0) }
    }

    /// Reads the whole dataset, row-major.
    public func read<T: H5Scalar>(as type: T.Type = T.self) throws -> [T] {
        let operation = "read dataset"
        let id = try handle.id(for: operation)
        try requireReadable(as: T.self, operation)
        let count = Int(try extent(for: operation).current.reduce(1, *))
        return try readValues(count: count, operation) { buffer in
            H5Dread(id, T.h5ScalarType.memoryType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), buffer)
        }
    }

    /// Reads the rows `rows` (a range of first-dimension indices), row-major.
    ///
    /// Throws ``H5Error/Kind/invalidArgument`` if the range is outside `0..<shape[0]`.
    public func readRows<T: H5Scalar>(_ rows: Range<Int>, as type: T.Type = T.self) throws -> [T] {
        let operation = "read rows"
        let id = try handle.id(for: operation)
        try requireReadable(as: T.self, operation)
        let current = try extent(for: operation).current
        guard rows.lowerBound >= 0, rows.upperBound <= Int(current[0]) else {
            throw invalid(operation, "rows \(rows) are outside 0..<\(current[0])")
        }
        let width = Int(current.dropFirst().reduce(1, *))
        guard !rows.isEmpty, width > 0 else { return [] }
        return try withRows(id, start: hsize_t(rows.lowerBound), count: hsize_t(rows.count), shape: current,
                            operation) { memorySpace, fileSpace in
            try readValues(count: rows.count * width, operation) { buffer in
                H5Dread(id, T.h5ScalarType.memoryType, memorySpace, fileSpace, chdf5_p_default(), buffer)
            }
        }
    }

    /// Reads a dataset of strings (variable- or fixed-length), such as one made by
    /// ``H5Group/createStringDataset(_:values:)``.
    ///
    /// Throws ``H5Error/Kind/typeMismatch`` if the dataset does not hold strings.
    public func readStrings() throws -> [String] {
        let operation = "read strings"
        let id = try handle.id(for: operation)
        let site = handle.site()
        guard isString else {
            throw H5Error(.typeMismatch, operation: operation, file: site.file, object: site.object,
                          reason: "the dataset does not hold strings")
        }
        let count = Int(try extent(for: operation).current.reduce(1, *))
        let type = try H5Call.id(operation, site) { H5Dget_type(id) }
        defer { H5Call.closeQuietly(type, H5Tclose) }
        return try H5Strings.read(count: count, fileType: type, operation, site) { memoryType, buffer in
            H5Dread(id, memoryType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), buffer)
        }
    }

    /// Closes the dataset now; later use throws ``H5Error/Kind/closed``. Idempotent. Without an
    /// explicit call, the dataset closes when released.
    public func close() throws { try handle.close() }

    // MARK: Internals

    private func extent(for operation: String) throws -> (current: [hsize_t], maximum: [hsize_t]) {
        let id = try handle.id(for: operation)
        let site = handle.site()
        let space = try H5Call.id(operation, site) { H5Dget_space(id) }
        defer { H5Call.closeQuietly(space, H5Sclose) }
        let rank = try H5Call.count(operation, site) { H5Sget_simple_extent_ndims(space) }
        var current = [hsize_t](repeating: 0, count: rank)
        var maximum = [hsize_t](repeating: 0, count: rank)
        _ = try H5Call.count(operation, site) { H5Sget_simple_extent_dims(space, &current, &maximum) }
        guard rank > 0 else { throw invalid(operation, "the dataset is a scalar, not an array") }
        // Dimensions come from the file: a few bytes can declare more elements than an Int
        // counts. Every count and shape below is computed from these, so check them once here.
        var elements: hsize_t = 1
        for side in current {
            let product = elements.multipliedReportingOverflow(by: side)
            guard side <= hsize_t(Int.max), !product.overflow, product.partialValue <= hsize_t(Int.max) else {
                throw invalid(operation, "dimensions \(current) hold more elements than can be counted")
            }
            elements = product.partialValue
        }
        return (current, maximum)
    }

    /// Calls `body` with a memory space of `count` rows and the file space with rows
    /// `start..<start+count` selected.
    private func withRows<R>(
        _ id: hid_t, start: hsize_t, count: hsize_t, shape: [hsize_t], _ operation: String,
        _ body: (_ memorySpace: hid_t, _ fileSpace: hid_t) throws -> R
    ) throws -> R {
        let site = handle.site()
        var offset = [start] + shape.dropFirst().map { _ in 0 }
        var block = [count] + shape.dropFirst()
        let fileSpace = try H5Call.id(operation, site) { H5Dget_space(id) }
        defer { H5Call.closeQuietly(fileSpace, H5Sclose) }
        try H5Call.status(operation, site) {
            H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, &offset, nil, &block, nil)
        }
        let memorySpace = try H5Call.id(operation, site) { H5Screate_simple(Int32(block.count), &block, nil) }
        defer { H5Call.closeQuietly(memorySpace, H5Sclose) }
        return try body(memorySpace, fileSpace)
    }

    private func readValues<T: H5Scalar>(
        count: Int, _ operation: String, _ read: (UnsafeMutableRawPointer) -> herr_t
    ) throws -> [T] {
        guard count > 0 else { return [] }
        let site = handle.site()
        return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            try H5Call.status(operation, site) { read(UnsafeMutableRawPointer(buffer.baseAddress!)) }
            initialized = count
        }
    }

    private func requireStored<T: H5Scalar>(_ type: T.Type, _ operation: String) throws {
        guard scalarType == T.h5ScalarType else {
            throw H5Error(.typeMismatch, operation: operation, file: handle.file.path, object: handle.path,
                          reason: "cannot write \(T.h5ScalarType) values to a dataset of \(storedName)")
        }
    }

    private func requireReadable<T: H5Scalar>(as type: T.Type, _ operation: String) throws {
        guard let scalarType, scalarType.isFloatingPoint == T.h5ScalarType.isFloatingPoint else {
            throw H5Error(.typeMismatch, operation: operation, file: handle.file.path, object: handle.path,
                          reason: "cannot read a dataset of \(storedName) as \(T.h5ScalarType)")
        }
    }

    private var storedName: String {
        scalarType?.description ?? (isString ? "strings" : "an unsupported element type")
    }

    private func invalid(_ operation: String, _ reason: String) -> H5Error {
        H5Error(.invalidArgument, operation: operation, file: handle.file.path, object: handle.path, reason: reason)
    }
}
