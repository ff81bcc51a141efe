import Foundation
import Testing
import TestSupport

@Suite struct HookCommandTests {
    func text(_ s: Scratch, _ relative: String) -> String? {
        FileManager.default.contents(atPath: s.path(relative)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func installWritesAHookThatRunsThisBinary() throws {
        let s = try Scratch()
        try s.initRepository()
        let result = try FaultlineBinary.run(["hook", "install", "--repo", s.path("repo")], in: s, dir: "")
        #expect(result.status == 0)
        #expect(result.output == "Installed the pre-push hook at \(s.path("repo/.git/hooks/pre-push"))")
        let hook = text(s, "repo/.git/hooks/pre-push") ?? ""
        #expect(FileManager.default.isExecutableFile(atPath: s.path("repo/.git/hooks/pre-push")))
        let binary = URL(fileURLWithPath: FaultlineBinary.path).resolvingSymlinksInPath().path
        #expect(hook.contains("faultline='\(binary)'"))
        #expect(hook.contains("# faultline-managed-hook: pre-push"))
        let again = try FaultlineBinary.run(["hook", "install"], in: s)
        #expect(again.status == 0 && again.output.hasPrefix("Reinstalled"))
        #expect(text(s, "repo/.git/hooks/pre-push") == hook)
    }

    @Test func aForeignHookIsRefusedWithExitTwoThenKeptByChainAndRestored() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write(".git/hooks/pre-push", "#!/bin/sh\nexit 0\n")
        let refused = try FaultlineBinary.run(["hook", "install"], in: s)
        #expect(refused.status == 2)
        #expect(refused.errors.contains("--chain") && refused.errors.contains("--force"))
        #expect(text(s, "repo/.git/hooks/pre-push") == "#!/bin/sh\nexit 0\n")

        let chained = try FaultlineBinary.run(["hook", "install", "--chain"], in: s)
        #expect(chained.status == 0)
        #expect(chained.output.contains("kept at \(s.path("repo/.git/hooks/pre-push.faultline-previous"))"))
        #expect(text(s, "repo/.git/hooks/pre-push.faultline-previous") == "#!/bin/sh\nexit 0\n")

        let removed = try FaultlineBinary.run(["hook", "uninstall"], in: s)
        #expect(removed.status == 0 && removed.output.contains("Restored"))
        #expect(text(s, "repo/.git/hooks/pre-push") == "#!/bin/sh\nexit 0\n")

        let foreign = try FaultlineBinary.run(["hook", "uninstall"], in: s)
        #expect(foreign.status == 2 && foreign.errors.contains("left in place"))
    }

    @Test func outsideARepositoryIsARepositoryProblem() throws {
        let s = try Scratch()
        try FileManager.default.createDirectory(atPath: s.path("plain"), withIntermediateDirectories: true)
        let result = try FaultlineBinary.run(["hook", "install", "--repo", s.path("plain")], in: s, dir: "plain",
                                             environment: ["GIT_CEILING_DIRECTORIES": s.path()])
        #expect(result.status == 3 && result.errors.contains("not inside a git repository"))
    }
}
