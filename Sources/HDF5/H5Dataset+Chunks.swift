import CHDF5

extension H5Dataset {
    /// Stores one chunk's bytes as they are (`H5Dwrite_chunk`), bypassing the filter pipeline:
    /// the bytes must already be what the dataset's filters make of the chunk (see
    /// ``H5ChunkEncoder``), or, for each bit set in `filterMask`, what they make with that
    /// filter skipped. The chunk is the one whose first row is `row`, a multiple of the chunk's
    /// row count; it spans every other dimension. The dataset's extent is not changed: create it
    /// with its final shape.
    ///
    /// Throws ``H5Error/Kind/invalidArgument`` when `row` is outside the current rows, and
    /// ``H5Error/Kind/library`` when libhdf5 refuses the chunk (the dataset is not chunked, or
    /// `row` does not start a chunk).
    public func writeChunk(_ bytes: UnsafeRawBufferPointer, row: Int, filterMask: UInt32 = 0) throws {
        let operation = "write chunk"
        let id = try handle.id(for: operation)
        var offset = try chunkOffset(row: row, operation)
        guard let base = bytes.baseAddress else { throw chunkError(operation, "a chunk cannot be empty") }
        try H5Call.status(operation, handle.site()) {
            H5Dwrite_chunk(id, chdf5_p_default(), filterMask, &offset, bytes.count, base)
        }
    }

    /// Reads one chunk's stored bytes as they are (`H5Dread_chunk`): after the filters, so
    /// compressed if the dataset is. Returns the bytes and the filter mask stored with them (a
    /// set bit `i`: filter `i` of the pipeline was skipped for this chunk).
    ///
    /// Throws ``H5Error/Kind/invalidArgument`` for a `row` outside the rows, and
    /// ``H5Error/Kind/library`` for a chunk that was never written or a `row` that does not
    /// start one.
    public func readChunk(row: Int) throws -> (bytes: [UInt8], filterMask: UInt32) {
        let operation = "read chunk"
        let id = try handle.id(for: operation)
        let site = handle.site()
        var offset = try chunkOffset(row: row, operation)
        var size: hsize_t = 0
        try H5Call.status(operation, site) { H5Dget_chunk_storage_size(id, &offset, &size) }
        guard size > 0 else {
            throw H5Error(.library, operation: operation, file: site.file, object: site.object,
                          reason: "no chunk is stored at row \(row)")
        }
        var mask: UInt32 = 0
        let bytes = try [UInt8](unsafeUninitializedCapacity: Int(size)) { buffer, initialized in
            try H5Call.status(operation, site) { H5Dread_chunk(id, chdf5_p_default(), &offset, &mask, buffer.baseAddress!) }
            initialized = Int(size)
        }
        return (bytes, mask)
    }

    /// The rows of one chunk, or `nil` when the dataset is not chunked.
    public var chunkRows: Int? {
        get throws {
            let operation = "query chunking"
            let id = try handle.id(for: operation)
            let site = handle.site()
            let creation = try H5Call.id(operation, site) { H5Dget_create_plist(id) }
            defer { H5Call.closeQuietly(creation, H5Pclose) }
            guard H5Call.unchecked({ H5Pget_layout(creation) }) == H5D_CHUNKED else { return nil }
            var dimensions = [hsize_t](repeating: 0, count: 32)
            _ = try H5Call.count(operation, site) { H5Pget_chunk(creation, Int32(dimensions.count), &dimensions) }
            return Int(dimensions[0])
        }
    }

    /// The file offset `[row, 0, …]` of the chunk that starts at `row`.
    private func chunkOffset(row: Int, _ operation: String) throws -> [hsize_t] {
        let shape = try self.shape
        guard row >= 0, row < shape[0] else { throw chunkError(operation, "row \(row) is outside 0..<\(shape[0])") }
        return [hsize_t(row)] + shape.dropFirst().map { _ in 0 }
    }

    private func chunkError(_ operation: String, _ reason: String) -> H5Error {
        H5Error(.invalidArgument, operation: operation, file: handle.file.path, object: handle.path, reason: reason)
    }
}
