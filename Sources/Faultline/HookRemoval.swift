/// What `HookInstaller.uninstall` did, for the command to tell the user.
public struct HookRemoval: Equatable, Sendable {
    /// The `pre-push` path looked at.
    public let hook: String
    /// Whether Faultline's hook was there and has been removed (false: there was no hook).
    public let removed: Bool
    /// Whether the hook kept by an earlier install was moved back to `hook`.
    public let restoredPrevious: Bool
}
