import CHDF5

/// An open HDF5 group: creates, opens and lists groups and datasets below it.
///
/// Paths follow HDF5: `a/b` is relative to this group, `/a/b` starts at the file's root.
/// Obtain the root with ``H5File/root``. The group keeps its file open while it is alive; see
/// ``H5File`` for closing and threads.
public final class H5Group {
    let handle: H5Handle

    init(_ handle: H5Handle) { self.handle = handle }

    /// The group's absolute path in the file (`/` for the root).
    public var path: String { handle.path }
    /// The file the group belongs to.
    public var file: H5File { handle.file }
    /// The group's attributes.
    public var attributes: H5Attributes { H5Attributes(owner: handle) }

    /// Creates a group, with any missing intermediate groups (`runs/000001` creates `runs`).
    ///
    /// Throws ``H5Error/Kind/alreadyExists`` if something exists at `path`.
    public func createGroup(_ path: String) throws -> H5Group {
        let operation = "create group"
        let location = try handle.id(for: operation)
        let site = self.site(path)
        let linkList = try Self.intermediateGroupsLinkList(site)
        defer { H5Call.closeQuietly(linkList, H5Pclose) }
        do {
            let id = try H5Call.id(operation, site) {
                H5Gcreate2(location, path, linkList, chdf5_p_default(), chdf5_p_default())
            }
            return H5Group(H5Handle(file: file, path: handle.resolve(path), id: id, closer: H5Gclose))
        } catch let error as H5Error {
            throw diagnose(error, path, expecting: H5O_TYPE_GROUP, creating: true)
        }
    }

    /// Opens an existing group. Throws ``H5Error/Kind/notFound`` if there is none at `path`.
    public func openGroup(_ path: String) throws -> H5Group {
        let operation = "open group"
        let location = try handle.id(for: operation)
        do {
            let id = try H5Call.id(operation, site(path)) { H5Gopen2(location, path, chdf5_p_default()) }
            return H5Group(H5Handle(file: file, path: handle.resolve(path), id: id, closer: H5Gclose))
        } catch let error as H5Error {
            throw diagnose(error, path, expecting: H5O_TYPE_GROUP)
        }
    }

    /// Opens an existing dataset. Throws ``H5Error/Kind/notFound`` if there is none at `path`.
    public func openDataset(_ path: String) throws -> H5Dataset {
        let operation = "open dataset"
        let location = try handle.id(for: operation)
        do {
            let id = try H5Call.id(operation, site(path)) { H5Dopen2(location, path, chdf5_p_default()) }
            return try H5Dataset(H5Handle(file: file, path: handle.resolve(path), id: id, closer: H5Dclose))
        } catch let error as H5Error {
            throw diagnose(error, path, expecting: H5O_TYPE_DATASET)
        }
    }

    /// Whether an object (group, dataset, …) exists at `path`.
    ///
    /// Checks each component with `H5Lexists`, so a missing intermediate group, or an
    /// intermediate that is not a group, gives `false` rather than an error. A soft link whose
    /// target is missing gives `false`.
    public func exists(_ path: String) throws -> Bool {
        let operation = "check existence"
        let location = try handle.id(for: operation)
        let site = self.site(path)
        let components = path.split(separator: "/").filter { $0 != "." }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for (index, component) in components.enumerated() {
            if !prefix.isEmpty && prefix != "/" { prefix += "/" }
            prefix += component
            let link = prefix
            guard try H5Call.bool(operation, site, { H5Lexists(location, link, chdf5_p_default()) }),
                  try H5Call.bool(operation, site, { H5Oexists_by_name(location, link, chdf5_p_default()) })
            else { return false }
            if index < components.count - 1, try Self.objectType(location, link, site) != H5O_TYPE_GROUP {
                return false
            }
        }
        return true
    }

    /// The names of the group's members (links), in increasing name order (`H5_INDEX_NAME`).
    ///
    /// Name order is used because it is always available; creation order would need link
    /// creation-order tracking, which groups here do not enable. Zero-padded names such as
    /// `000001` therefore list in numeric order.
    public func memberNames() throws -> [String] {
        let operation = "list group members"
        let location = try handle.id(for: operation)
        let site = self.site(".")
        var info = H5G_info_t()
        try H5Call.status(operation, site) { H5Gget_info(location, &info) }
        return try (0..<info.nlinks).map { index in
            let length = try H5Call.count(operation, site) {
                H5Lget_name_by_idx(location, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, chdf5_p_default())
            }
            var buffer = [CChar](repeating: 0, count: length + 1)
            _ = try H5Call.count(operation, site) {
                H5Lget_name_by_idx(location, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count,
                                   chdf5_p_default())
            }
            return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// Closes the group now; later use throws ``H5Error/Kind/closed``. Idempotent. Without an
    /// explicit call, the group closes when released.
    public func close() throws { try handle.close() }

    // MARK: Internals

    func site(_ relative: String) -> H5Call.Site {
        H5Call.Site(file: handle.file.path, object: handle.resolve(relative))
    }

    /// A link creation property list that creates missing intermediate groups; the caller closes it.
    static func intermediateGroupsLinkList(_ site: H5Call.Site) throws -> hid_t {
        let list = try H5Call.id("create link property list", site) { H5Pcreate(chdf5_p_link_create()) }
        do {
            try H5Call.status("create link property list", site) { H5Pset_create_intermediate_group(list, 1) }
        } catch {
            H5Call.closeQuietly(list, H5Pclose)
            throw error
        }
        return list
    }

    static func objectType(_ location: hid_t, _ path: String, _ site: H5Call.Site) throws -> H5O_type_t {
        var info = H5O_info_t()
        try H5Call.status("query object type", site) {
            H5Oget_info_by_name2(location, path, &info, UInt32(H5O_INFO_BASIC), chdf5_p_default())
        }
        return info.type
    }

    /// Replaces a library error about `path` with a clear one when the object is missing, exists
    /// already, or has the wrong kind.
    func diagnose(_ error: H5Error, _ path: String, expecting type: H5O_type_t, creating: Bool = false) -> H5Error {
        var refined = error
        let exists = (try? self.exists(path)) ?? false
        let wanted = type == H5O_TYPE_GROUP ? "group" : "dataset"
        if creating {
            if exists {
                refined.kind = .alreadyExists
                refined.reason = "an object already exists at this path"
            }
            return refined
        }
        if !exists {
            refined.kind = .notFound
            refined.reason = "no \(wanted) at this path"
        } else if let location = try? handle.id(for: error.operation),
                  let actual = try? Self.objectType(location, path, site(path)), actual != type {
            refined.kind = .typeMismatch
            refined.reason = "the object is not a \(wanted)"
        }
        return refined
    }
}
