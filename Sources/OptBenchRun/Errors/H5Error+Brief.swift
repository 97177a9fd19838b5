import HDF5

extension H5Error {
    /// What went wrong in a few words for a one-line message: libhdf5's reason, and from its
    /// long diagnostic (`… errno = 27, error message = 'File too large', …`) only the system's
    /// error message, once.
    var brief: String {
        let texts = [reason] + (libraryMessage.map { [$0] } ?? [])
        for text in texts {
            if let range = text.range(of: "error message = '"), let end = text[range.upperBound...].firstIndex(of: "'") {
                let operation = text.prefix { $0 != ":" && $0 != "," }
                return "\(operation): \(text[range.upperBound..<end])"
            }
        }
        if let libraryMessage, libraryMessage != reason, !reason.contains(libraryMessage) {
            return "\(reason) (\(libraryMessage))"
        }
        return reason
    }
}
