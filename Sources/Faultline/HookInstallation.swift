/// What `HookInstaller.install` did, for the command to tell the user.
public struct HookInstallation: Equatable, Sendable {
    /// The `pre-push` file written.
    public let hook: String
    /// Where a hook that was in the way now lives, when one was moved aside by this install.
    public let keptPrevious: String?
    /// Whether the new script runs the kept previous hook before Faultline.
    public let chained: Bool
    /// Whether Faultline's own hook was already there and has been rewritten.
    public let replacedOwnHook: Bool
}
