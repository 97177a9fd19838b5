/// An optimizer that cannot be built as asked: an unknown name or key, or a value outside its
/// range. The message names the optimizer, the key, the value and what was expected.
public struct OptimizerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key path inside the optimizer's settings (`lr`), or nil when the name itself is wrong.
    public var key: String?
    public var message: String
    /// What is wrong, without the optimizer and key (for messages that give them elsewhere).
    public var detail: String

    public init(key: String?, message: String, detail: String? = nil) {
        self.key = key
        self.message = message
        self.detail = detail ?? message
    }

    public var description: String { message }
}
