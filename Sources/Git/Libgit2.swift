import CLibgit2

/// Process-wide libgit2 set-up: initialised once, on first use of any repository.
enum Libgit2 {
    // libgit2's init is reference-counted and never undone here: the library lives as long as
    // the process, and repositories may be opened from any thread at any time.
    private static let initialised: Bool = {
        git_libgit2_init()
        // Faultline never runs anything a repository's configuration names (no hooks, filters
        // or fsmonitor: it reads raw objects), so the ownership check that protects git users
        // from a hostile config in a shared folder guards nothing here, and it breaks CI
        // containers whose user differs from the checkout's owner. Callers can turn it back on.
        fl_set_owner_validation(0)
        // A bounded object cache keeps long history walks at a flat memory profile.
        fl_set_cache_max_size(64 << 20)
        // Pack windows of 8 MB, at most 64 MB mapped: a walk over a large repository's history
        // (a 107 MB pack) otherwise kept all of it resident, growing with the range.
        fl_set_mwindow_limits(8 << 20, 64 << 20)
        return true
    }()

    static func ensureInitialised() {
        _ = initialised
    }
}

/// Process-wide git settings.
public enum GitSettings {
    /// Whether opening a repository owned by another user fails, as git's `safe.directory`
    /// check does. Off by default (see `Libgit2`); the setting applies to the whole process.
    public static var ownershipValidation: Bool {
        get {
            Libgit2.ensureInitialised()
            var enabled: Int32 = 0
            fl_get_owner_validation(&enabled)
            return enabled != 0
        }
        set {
            Libgit2.ensureInitialised()
            fl_set_owner_validation(newValue ? 1 : 0)
        }
    }
}
