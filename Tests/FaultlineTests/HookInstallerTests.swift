import Foundation
import Testing
import TestSupport
@testable import Faultline
import Git

@Suite struct HookDirectoryTests {
    /// A repository with one commit, so worktrees can be added.
    func repository() throws -> Scratch {
        let s = try Scratch()
        try s.initRepository()
        try s.write("a", "1")
        try s.commit("one")
        return s
    }

    @Test func defaultsToTheHooksFolderOfTheGitDirectory() throws {
        let s = try repository()
        let installer = try HookInstaller(repository: try Repository(at: s.path("repo")), executable: "/bin/true")
        #expect(installer.hooksDirectory == s.path("repo/.git/hooks"))
    }

    @Test func createsAMissingHooksFolder() throws {
        let s = try repository()
        try FileManager.default.removeItem(atPath: s.path("repo/.git/hooks"))
        let installer = try HookInstaller(repository: try Repository(at: s.path("repo")), executable: "/bin/true")
        try installer.install()
        #expect(FileManager.default.isExecutableFile(atPath: s.path("repo/.git/hooks/pre-push")))
    }

    @Test(arguments: [
        ("githooks", "repo/githooks"),
        ("./tools/../githooks/", "repo/githooks"),
        ("~/shared-hooks", "home/shared-hooks"),
    ])
    func honoursARelativeOrHomeHooksPath(configured: String, expected: String) throws {
        let s = try repository()
        try s.git("config", "core.hooksPath", configured)
        let repository = try Repository(at: s.path("repo/"))
        #expect(try HookInstaller.hooksDirectory(of: repository, home: s.path("home")) == s.path(expected))
    }

    @Test func honoursAnAbsoluteHooksPathAndWritesThere() throws {
        let s = try repository()
        try s.git("config", "core.hooksPath", s.path("elsewhere/hooks"))
        let installer = try HookInstaller(repository: try Repository(at: s.path("repo")), executable: "/bin/true")
        try installer.install()
        #expect(FileManager.default.isExecutableFile(atPath: s.path("elsewhere/hooks/pre-push")))
        #expect(!FileManager.default.fileExists(atPath: s.path("repo/.git/hooks/pre-push")))
    }

    @Test func aRelativeHooksPathOfABareRepositoryIsTakenFromItsGitFolder() throws {
        let s = try Scratch()
        try s.initRepository("bare.git", bare: true)
        try s.git("config", "core.hooksPath", "custom", in: "bare.git")
        let repository = try Repository(at: s.path("bare.git"))
        #expect(try HookInstaller.hooksDirectory(of: repository, home: "/nowhere") == s.path("bare.git/custom"))
    }

    @Test func aLinkedWorktreeSharesTheMainRepositorysHooks() throws {
        let s = try repository()
        try s.git("worktree", "add", "-q", "-b", "side", s.path("wt"))
        let worktree = try Repository(at: s.path("wt"))
        #expect(worktree.isLinkedWorktree)
        let installer = try HookInstaller(repository: worktree, executable: "/bin/true")
        let done = try installer.install()
        #expect(done.hook == s.path("repo/.git/hooks/pre-push"))
        #expect(FileManager.default.isExecutableFile(atPath: s.path("repo/.git/hooks/pre-push")))
    }
}

@Suite struct HookInstallerTests {
    /// A repository whose installer runs a fake faultline: a script that records its arguments
    /// and standard input under `record/`.
    func setUp(executableFolder: String = "bin") throws -> (Scratch, HookInstaller) {
        let s = try Scratch()
        try s.initRepository()
        try FileManager.default.createDirectory(atPath: s.path("record"), withIntermediateDirectories: true)
        let fake = "\(executableFolder)/faultline"
        try s.write(fake, """
            #!/bin/sh
            printf '%s\\n' "$*" > '\(s.path("record/faultline-args"))'
            cat > '\(s.path("record/faultline-stdin"))'
            exit 0

            """, in: "")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: s.path(fake))
        let installer = try HookInstaller(repository: try Repository(at: s.path("repo")), executable: s.path(fake))
        return (s, installer)
    }

    /// A foreign hook that records its arguments and input under `record/`, then exits `status`.
    func writeForeignHook(_ s: Scratch, exitStatus: Int = 0) throws -> String {
        let text = """
            #!/bin/sh
            printf '%s\\n' "$*" > '\(s.path("record/previous-args"))'
            cat > '\(s.path("record/previous-stdin"))'
            exit \(exitStatus)

            """
        try s.write(".git/hooks/pre-push", text)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: s.path("repo/.git/hooks/pre-push"))
        return text
    }

    func read(_ s: Scratch, _ relative: String) -> String? {
        FileManager.default.contents(atPath: s.path(relative)).map { String(decoding: $0, as: UTF8.self) }
    }

    let pushLines = """
        refs/heads/main 1111111111111111111111111111111111111111 refs/heads/main 0000000000000000000000000000000000000000
        refs/heads/topic 2222222222222222222222222222222222222222 refs/heads/topic 3333333333333333333333333333333333333333

        """

    @Test func installsAnExecutableScriptThatRunsFaultlineWithGitsArgumentsAndInput() throws {
        let (s, installer) = try setUp()
        let done = try installer.install()
        #expect(done == HookInstallation(hook: s.path("repo/.git/hooks/pre-push"), keptPrevious: nil, chained: false, replacedOwnHook: false))
        let run = try s.execute([done.hook, "origin", "git@example.com:a/b.git"], input: pushLines)
        #expect(run.status == 0)
        #expect(read(s, "record/faultline-args") == "hook pre-push origin git@example.com:a/b.git\n")
        #expect(read(s, "record/faultline-stdin") == pushLines)
    }

    @Test func quotesAnExecutablePathWithSpacesAndQuotes() throws {
        let (s, installer) = try setUp(executableFolder: "my bin/it's")
        try installer.install()
        let run = try s.execute([installer.hookPath, "origin", "url"], input: pushLines)
        #expect(run.status == 0)
        #expect(read(s, "record/faultline-args") == "hook pre-push origin url\n")
    }

    @Test func aMissingExecutableStopsThePushWithAMessage() throws {
        let (s, _) = try setUp()
        let installer = try HookInstaller(repository: try Repository(at: s.path("repo")), executable: s.path("gone/faultline"))
        try installer.install()
        // No input: the script stops before reading it, and writing into a closed pipe would
        // kill the test process with SIGPIPE.
        let run = try s.execute([installer.hookPath, "origin", "url"])
        #expect(run.status == 2)
        #expect(run.errors.contains("faultline hook install"))
    }

    @Test func reinstallingIsIdempotent() throws {
        let (s, installer) = try setUp()
        try installer.install()
        let first = read(s, "repo/.git/hooks/pre-push")
        let again = try installer.install()
        #expect(again.replacedOwnHook && again.keptPrevious == nil && !again.chained)
        #expect(read(s, "repo/.git/hooks/pre-push") == first)
        #expect(!FileManager.default.fileExists(atPath: installer.previousPath))
        // A forced reinstall over Faultline's own hook keeps nothing aside either.
        #expect(try installer.install(force: true).keptPrevious == nil)
        #expect(!FileManager.default.fileExists(atPath: installer.previousPath))
    }

    @Test func aForeignHookIsRefusedAndLeftAlone() throws {
        let (s, installer) = try setUp()
        let foreign = try writeForeignHook(s)
        #expect(throws: FaultlineError.foreignHookPresent(path: installer.hookPath)) { try installer.install() }
        #expect(read(s, "repo/.git/hooks/pre-push") == foreign)
        #expect(!FileManager.default.fileExists(atPath: installer.previousPath))
        let message = FaultlineError.foreignHookPresent(path: installer.hookPath).description
        #expect(message.contains("--chain") && message.contains("--force") && message.contains(installer.hookPath))
    }

    @Test func forceKeepsTheForeignHookAsPrevious() throws {
        let (s, installer) = try setUp()
        let foreign = try writeForeignHook(s)
        let done = try installer.install(force: true)
        #expect(done.keptPrevious == installer.previousPath && !done.chained)
        #expect(read(s, "repo/.git/hooks/pre-push.faultline-previous") == foreign)
        let run = try s.execute([installer.hookPath, "origin", "url"], input: pushLines)
        #expect(run.status == 0)
        #expect(read(s, "record/previous-args") == nil)
        #expect(read(s, "record/faultline-stdin") == pushLines)
    }

    @Test func chainRunsThePreviousHookFirstWithTheSameArgumentsAndInput() throws {
        let (s, installer) = try setUp()
        _ = try writeForeignHook(s)
        let done = try installer.install(chain: true)
        #expect(done.chained && done.keptPrevious == installer.previousPath)
        let run = try s.execute([installer.hookPath, "origin", "url"], input: pushLines)
        #expect(run.status == 0)
        #expect(read(s, "record/previous-args") == "origin url\n")
        #expect(read(s, "record/previous-stdin") == pushLines)
        #expect(read(s, "record/faultline-args") == "hook pre-push origin url\n")
        #expect(read(s, "record/faultline-stdin") == pushLines)
        // Reinstalling without --chain keeps the chain: the kept hook still runs.
        #expect(try installer.install().chained)
    }

    @Test func aFailingPreviousHookStopsThePushBeforeFaultlineRuns() throws {
        let (s, installer) = try setUp()
        _ = try writeForeignHook(s, exitStatus: 3)
        try installer.install(chain: true)
        let run = try s.execute([installer.hookPath, "origin", "url"], input: pushLines)
        #expect(run.status == 3)
        #expect(read(s, "record/previous-stdin") == pushLines)
        #expect(read(s, "record/faultline-args") == nil)
    }

    @Test func chainWorksUnderARealGitPush() throws {
        let (s, installer) = try setUp()
        try s.initRepository("remote.git", bare: true)
        try s.write("a", "1")
        let head = try s.commit("one")
        try s.git("remote", "add", "origin", s.path("remote.git"))
        _ = try writeForeignHook(s)
        try installer.install(chain: true)
        try s.git("push", "-q", "origin", "main")
        let line = "refs/heads/main \(head) refs/heads/main \(String(repeating: "0", count: 40))\n"
        #expect(read(s, "record/previous-stdin") == line)
        #expect(read(s, "record/faultline-stdin") == line)
        #expect(read(s, "record/faultline-args") == "hook pre-push origin \(s.path("remote.git"))\n")
    }

    @Test func anEarlierKeptHookIsNeverOverwritten() throws {
        let (s, installer) = try setUp()
        try s.write(".git/hooks/pre-push.faultline-previous", "#!/bin/sh\nexit 0\n")
        _ = try writeForeignHook(s)
        #expect(throws: FaultlineError.previousHookPresent(path: installer.previousPath)) { try installer.install(force: true) }
        #expect(read(s, "repo/.git/hooks/pre-push.faultline-previous") == "#!/bin/sh\nexit 0\n")
    }

    @Test func uninstallRemovesTheHookAndRestoresThePreviousOne() throws {
        let (s, installer) = try setUp()
        let foreign = try writeForeignHook(s)
        try installer.install(chain: true)
        let done = try installer.uninstall()
        #expect(done == HookRemoval(hook: installer.hookPath, removed: true, restoredPrevious: true))
        #expect(read(s, "repo/.git/hooks/pre-push") == foreign)
        #expect(FileManager.default.isExecutableFile(atPath: installer.hookPath))
        #expect(!FileManager.default.fileExists(atPath: installer.previousPath))
    }

    @Test func uninstallWithoutAPreviousHookLeavesNoHook() throws {
        let (s, installer) = try setUp()
        // The scratch folder is removed when `s` goes, which may be right after its last use.
        try withExtendedLifetime(s) {
            try installer.install()
            #expect(try installer.uninstall() == HookRemoval(hook: installer.hookPath, removed: true, restoredPrevious: false))
            #expect(!FileManager.default.fileExists(atPath: installer.hookPath))
            #expect(try installer.uninstall() == HookRemoval(hook: installer.hookPath, removed: false, restoredPrevious: false))
        }
    }

    @Test func uninstallRefusesAForeignHook() throws {
        let (s, installer) = try setUp()
        let foreign = try writeForeignHook(s)
        #expect(throws: FaultlineError.foreignHookNotRemoved(path: installer.hookPath)) { try installer.uninstall() }
        #expect(read(s, "repo/.git/hooks/pre-push") == foreign)
    }

    @Test(arguments: [
        (HookScript(executable: "/x/faultline", chained: false).text, true, false),
        (HookScript(executable: "faultline", chained: true).text, true, true),
        ("#!/bin/sh\n# mentions faultline-managed-hook: pre-push in passing\n", false, false),
        ("#!/bin/sh\nexec lefthook run pre-push\n", false, false),
    ])
    func recognisesOnlyItsOwnScripts(text: String, ours: Bool, chained: Bool) {
        #expect(HookScript.isFaultlines(text) == ours)
        #expect(HookScript.isChained(text) == chained)
    }

    @Test func aHooksFolderThatCannotBeCreatedIsAHookError() throws {
        let (s, _) = try setUp()
        try s.write("blocker", "a file where the hooks folder would go", in: "")
        try s.git("config", "core.hooksPath", s.path("blocker/hooks"))
        let installer = try HookInstaller(repository: try Repository(at: s.path("repo")), executable: "/bin/true")
        let error = #expect(throws: FaultlineError.self) { try installer.install() }
        guard case .hookFileFailed(let path, _, _)? = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(path == s.path("blocker/hooks"))
        #expect(error?.isRepositoryProblem == false)
    }
}
