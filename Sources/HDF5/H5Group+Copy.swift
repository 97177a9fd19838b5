import CHDF5

extension H5Group {
    /// Copies the object at `sourcePath` in `source` (a group with everything below it, or a
    /// dataset, with attributes) to `destinationPath` in this group, possibly in another file
    /// (`H5Ocopy`). Chunks are copied as stored, without decompressing them.
    ///
    /// Missing intermediate groups are created. Throws ``H5Error/Kind/alreadyExists`` if
    /// something exists at `destinationPath`, ``H5Error/Kind/notFound`` if nothing is at
    /// `sourcePath`.
    public func copy(_ sourcePath: String, from source: H5Group, to destinationPath: String) throws {
        let operation = "copy object"
        let sourceLocation = try source.handle.id(for: operation)
        let destinationLocation = try handle.id(for: operation)
        let site = self.site(destinationPath)
        guard try source.exists(sourcePath) else {
            throw H5Error(.notFound, operation: operation, file: source.file.path, object: source.handle.resolve(sourcePath),
                          reason: "nothing to copy at \(source.handle.resolve(sourcePath))")
        }
        guard try !exists(destinationPath) else {
            throw H5Error(.alreadyExists, operation: operation, file: file.path, object: handle.resolve(destinationPath),
                          reason: "something already exists at \(handle.resolve(destinationPath))")
        }
        let linkList = try Self.intermediateGroupsLinkList(site)
        defer { H5Call.closeQuietly(linkList, H5Pclose) }
        try H5Call.status(operation, site) {
            H5Ocopy(sourceLocation, sourcePath, destinationLocation, destinationPath, chdf5_p_default(), linkList)
        }
    }
}
