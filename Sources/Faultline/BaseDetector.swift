import Foundation
import Git

/// The commit a check compares against, and where that choice came from (shown in reports so
/// a reviewer can tell a wrong base from a wrong finding).
public struct BaseChoice: Equatable, Sendable {
    public let commit: ObjectID
    /// E.g. `--base origin/main`, `GitHub pull_request.base.sha`, `merge-base with origin/main`.
    public let source: String
}

/// Finds the base of a check (docs/design.md §4): the `--base` flag; else the CI's own base
/// (GitHub's pull-request event, GitLab's merge-request variables); else the merge-base of the
/// head and the upstream default branch.
public enum BaseDetector {
    /// `explicitSource` names where `explicit` came from (`PRE_COMMIT_FROM_REF`); `--base` by default.
    public static func choose(
        in repository: Repository, head: ObjectID, explicit: String?, explicitSource: String = "--base", environment: [String: String]
    ) throws(FaultlineError) -> BaseChoice {
        do {
            if let explicit {
                return BaseChoice(commit: try repository.resolveCommit(explicit), source: "\(explicitSource) \(explicit)")
            }
            var tried: [String] = []
            if let path = environment["GITHUB_EVENT_PATH"], !path.isEmpty {
                tried.append("GITHUB_EVENT_PATH")
                if let (sha, field) = try githubBase(eventPath: path) {
                    return BaseChoice(commit: try requireCommit(sha, in: repository), source: "GitHub \(field)")
                }
            }
            for variable in ["CI_MERGE_REQUEST_DIFF_BASE_SHA", "CI_MERGE_REQUEST_TARGET_BRANCH_SHA"] {
                if let sha = environment[variable], !sha.isEmpty {
                    return BaseChoice(commit: try requireCommit(sha, in: repository), source: "GitLab \(variable)")
                }
            }
            for upstream in defaultBranchCandidates(in: repository) {
                tried.append(upstream)
                guard let tip = try repository.resolveCommitIfPresent(upstream) else { continue }
                if let base = try repository.mergeBase(head, tip) {
                    return BaseChoice(commit: base, source: "merge-base with \(upstream)")
                }
            }
            throw FaultlineError.noBase(tried: tried)
        } catch let error as FaultlineError {
            throw error
        } catch let error as GitError {
            throw .git(error)
        } catch {
            throw .noBase(tried: ["\(error)"])
        }
    }

    /// `origin/HEAD`'s target when the clone recorded it, then `origin/main`, `origin/master`.
    static func defaultBranchCandidates(in repository: Repository) -> [String] {
        var candidates: [String] = []
        if let target = repository.symbolicTarget(of: "refs/remotes/origin/HEAD") {
            candidates.append(String(target.dropFirst("refs/remotes/".count)))
        }
        for name in ["origin/main", "origin/master"] where !candidates.contains(name) { candidates.append(name) }
        return candidates
    }

    /// A CI-provided id must name a commit in the clone; a missing one in a shallow clone is the
    /// classic "fetch-depth: 1" mistake, which must fail with the fix rather than pass.
    private static func requireCommit(_ sha: String, in repository: Repository) throws(GitError) -> ObjectID {
        if let id = ObjectID(hex: sha), try !repository.contains(id) {
            throw .missingObject(id, shallow: repository.isShallow)
        }
        return try repository.resolveCommit(sha)
    }

    /// `pull_request.base.sha` for pull-request events, `before` for pushes (unless the push
    /// created the branch); nil for other events.
    static func githubBase(eventPath: String) throws(FaultlineError) -> (String, String)? {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: eventPath))
        } catch {
            throw .unreadableEvent(path: eventPath, reason: "the file cannot be read")
        }
        guard let event = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .unreadableEvent(path: eventPath, reason: "it is not a JSON object")
        }
        if let pullRequest = event["pull_request"] as? [String: Any] {
            guard let base = pullRequest["base"] as? [String: Any], let sha = base["sha"] as? String else {
                throw .unreadableEvent(path: eventPath, reason: "pull_request.base.sha is missing")
            }
            return (sha, "pull_request.base.sha")
        }
        if let before = event["before"] as? String, !ObjectID.isZeroPlaceholder(before), ObjectID(hex: before) != nil {
            return (before, "push event before")
        }
        return nil
    }
}
