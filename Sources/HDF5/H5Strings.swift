import CHDF5

/// Conversions between Swift strings and HDF5 string types, shared by attributes and datasets.
///
/// Strings are written as variable-length, NUL-terminated UTF-8 (`H5T_C_S1`, size
/// `H5T_VARIABLE`, `H5T_CSET_UTF8`), which h5py reads as `str`. Reading also accepts
/// fixed-length strings (as numpy `S` arrays write them).
enum H5Strings {
    /// A new variable-length UTF-8 string type; the caller closes it.
    static func variableUTF8Type(_ site: H5Call.Site, cset: H5T_cset_t = H5T_CSET_UTF8) throws -> hid_t {
        let type = try H5Call.id("create string type", site) { H5Tcopy(chdf5_c_s1()) }
        do {
            try H5Call.status("create string type", site) { H5Tset_size(type, chdf5_variable()) }
            try H5Call.status("create string type", site) { H5Tset_cset(type, cset) }
        } catch {
            H5Call.closeQuietly(type, H5Tclose)
            throw error
        }
        return type
    }

    /// Calls `body` with `strings.count` pointers to NUL-terminated UTF-8 copies of `strings`, the
    /// memory layout libhdf5 reads variable-length strings from.
    ///
    /// Throws ``H5Error/Kind/invalidArgument`` for a string containing NUL, which C strings cannot
    /// hold.
    static func withCStrings<R>(
        _ strings: [String], _ operation: String, _ site: H5Call.Site,
        _ body: (UnsafeRawPointer) throws -> R
    ) throws -> R {
        var bytes: [CChar] = []
        var offsets: [Int] = []
        offsets.reserveCapacity(strings.count)
        for string in strings {
            if string.utf8.contains(0) {
                throw H5Error(.invalidArgument, operation: operation, file: site.file, object: site.object,
                              reason: "a string contains a NUL character, which HDF5 strings cannot hold")
            }
            offsets.append(bytes.count)
            bytes.append(contentsOf: string.utf8.map { CChar(bitPattern: $0) })
            bytes.append(0)
        }
        return try bytes.withUnsafeBufferPointer { storage in
            let pointers: [UnsafePointer<CChar>?] = offsets.map { storage.baseAddress! + $0 }
            return try pointers.withUnsafeBytes { raw in
                if let base = raw.baseAddress { return try body(base) }
                let none: UnsafePointer<CChar>? = nil  // an empty list still needs a valid address
                return try withUnsafeBytes(of: none) { try body($0.baseAddress!) }
            }
        }
    }

    /// Reads `count` strings stored with `fileType`; `read(memoryType, buffer)` performs the
    /// `H5Aread` or `H5Dread`. Frees what libhdf5 allocated for variable-length strings.
    static func read(
        count: Int, fileType: hid_t, _ operation: String, _ site: H5Call.Site,
        _ read: (hid_t, UnsafeMutableRawPointer) -> herr_t
    ) throws -> [String] {
        guard count > 0 else { return [] }
        if try H5Call.bool(operation, site, { H5Tis_variable_str(fileType) }) {
            let cset = H5Call.unchecked { H5Tget_cset(fileType) }
            let memoryType = try variableUTF8Type(site, cset: cset)
            defer { H5Call.closeQuietly(memoryType, H5Tclose) }
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            try pointers.withUnsafeMutableBytes { buffer in
                try H5Call.status(operation, site) { read(memoryType, buffer.baseAddress!) }
            }
            defer {
                var extent = [hsize_t(count)]
                if let space = try? H5Call.id(operation, site, { H5Screate_simple(1, &extent, nil) }) {
                    pointers.withUnsafeMutableBytes { buffer in
                        _ = H5Call.unchecked { H5Dvlen_reclaim(memoryType, space, chdf5_p_default(), buffer.baseAddress) }
                    }
                    H5Call.closeQuietly(space, H5Sclose)
                }
            }
            return pointers.map { $0.map { String(cString: $0) } ?? "" }
        }
        let size = try H5Call.count(operation, site) { H5Tget_size(fileType) }
        let memoryType = try H5Call.id(operation, site) { H5Tcopy(fileType) }
        defer { H5Call.closeQuietly(memoryType, H5Tclose) }
        var bytes = [UInt8](repeating: 0, count: size * count)
        try bytes.withUnsafeMutableBytes { buffer in
            try H5Call.status(operation, site) { read(memoryType, buffer.baseAddress!) }
        }
        let spacePadded = H5Call.unchecked { H5Tget_strpad(fileType) } == H5T_STR_SPACEPAD
        return (0..<count).map { index in
            var element = bytes[(index * size)..<((index + 1) * size)]
            if let nul = element.firstIndex(of: 0) { element = element[..<nul] }
            if spacePadded { while element.last == 0x20 { element = element.dropLast() } }
            return String(decoding: element, as: UTF8.self)
        }
    }
}
