import Model

/// How head's exposures differ from base's: what the change adds, removes and keeps.
///
/// A regression and a resolution of the same entrypoint, phase and scenario kind are linked as
/// a ``Move``: the dependency moved (a registry from quay.io to docker.io turns an exposure to
/// `saas:quay` into one to `saas:dockerhub`). Within one (entrypoint, phase, kind) group the
/// regressions and resolutions are paired in scenario-id order; whatever is left stays
/// unpaired. Moved exposures stay in ``regressions`` and ``resolutions`` too: a move to
/// another single point of failure is still a new exposure, and policies decide how to word it.
public struct AssessmentDiff: Hashable, Sendable, Codable {
    /// A regression and a resolution that together say a dependency moved.
    public struct Move: Hashable, Sendable, Codable, Comparable {
        /// Head's new exposure.
        public let regression: Exposure
        /// Base's exposure that head no longer has.
        public let resolution: Exposure

        public static func < (lhs: Move, rhs: Move) -> Bool {
            if lhs.regression != rhs.regression { return lhs.regression < rhs.regression }
            return lhs.resolution < rhs.resolution
        }
    }

    /// Exposures of head that base did not have, sorted.
    public let regressions: [Exposure]
    /// Exposures of base that head does not have, sorted.
    public let resolutions: [Exposure]
    /// Exposures both have, sorted.
    public let unchanged: [Exposure]
    /// Regressions linked to the resolutions they replace, sorted.
    public let moves: [Move]

    public init(base: Assessment, head: Assessment) {
        let before = Set(base.exposures)
        let after = Set(head.exposures)
        regressions = after.subtracting(before).sorted()
        resolutions = before.subtracting(after).sorted()
        unchanged = after.intersection(before).sorted()
        moves = Self.pair(regressions: regressions, resolutions: resolutions)
    }

    /// The move a regression is part of, if any.
    public func move(of regression: Exposure) -> Move? {
        // A regression is in at most one move and moves are sorted by regression first.
        var low = 0
        var high = moves.count
        while low < high {
            let middle = (low + high) / 2
            if moves[middle].regression < regression { low = middle + 1 } else { high = middle }
        }
        guard low < moves.count, moves[low].regression == regression else { return nil }
        return moves[low]
    }

    private struct GroupKey: Hashable {
        let entrypoint: String
        let phase: Requirement.Phase
        let kind: String
    }

    private static func pair(regressions: [Exposure], resolutions: [Exposure]) -> [Move] {
        func key(_ e: Exposure) -> GroupKey { GroupKey(entrypoint: e.entrypoint, phase: e.phase, kind: e.scenario.kindName) }
        // Both inputs are sorted, so each group's members stay in scenario order.
        let removed = Dictionary(grouping: resolutions, by: key)
        var moves: [Move] = []
        for (group, added) in Dictionary(grouping: regressions, by: key) {
            guard let gone = removed[group] else { continue }
            for (regression, resolution) in zip(added, gone) {
                moves.append(Move(regression: regression, resolution: resolution))
            }
        }
        return moves.sorted()
    }
}
