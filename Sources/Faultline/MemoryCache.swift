import Readers

extension CommitReader {
    /// Facts by blob, in memory, bounded: an audit reads every version of every file in a
    /// history, and keeping them all would hold, on terraform-aws-eks, 2,019 syntax trees
    /// (160 MB).
    ///
    /// Two generations: what is kept or asked for goes into the newer one; when a read begins
    /// and the newer one holds more than `budget` bytes, it becomes the older one and the old
    /// older one is dropped. So whatever one read kept or used survives at least until the next
    /// read is over — a check's base for its head, the audit's read-ahead for the moves that
    /// follow it — and a blob asked for again within a generation (a revert, a file renamed
    /// back) is not parsed again. Each generation holds a budget's worth and what the read that
    /// filled it added last; beyond that, only the facts the caller holds itself stay.
    struct MemoryCache {
        /// 32 MiB a generation: the few hundred Terraform files of a large module stay in
        /// memory between reads with room to spare.
        static let defaultBudget = 32 << 20

        struct Kept {
            let facts: FileFacts
            let cost: Int
        }

        var budget: Int
        private var newer: [CacheKey: Kept] = [:]
        private var older: [CacheKey: Kept] = [:]
        private var newerCost = 0

        init(budget: Int) { self.budget = budget }

        /// The facts kept for a key, moved into the newer generation.
        mutating func facts(for key: CacheKey) -> FileFacts? {
            if let kept = newer[key] { return kept.facts }
            guard let kept = older.removeValue(forKey: key) else { return nil }
            newer[key] = kept
            newerCost += kept.cost
            return kept.facts
        }

        mutating func keep(_ facts: FileFacts, cost: Int, for key: CacheKey) {
            if let replaced = newer.updateValue(Kept(facts: facts, cost: cost), forKey: key) { newerCost -= replaced.cost }
            newerCost += cost
        }

        /// Called as a read begins: turns a full newer generation into the older one.
        mutating func age() {
            guard newerCost > budget else { return }
            older = newer
            newer = [:]
            newerCost = 0
        }

        /// How many entries are kept, in both generations.
        var count: Int { newer.count + older.count }

        /// What keeping freshly parsed facts is reckoned to cost, in bytes, from the size of
        /// the text they were read from. Measured on the fetched histories: a Terraform
        /// file's syntax tree takes about eight times its text (160 MB for the 20 MB of
        /// terraform-aws-eks's 2,019 versions of `.tf` files); other readers keep a few
        /// percent of theirs (kube-prometheus: 18 MB encoded for 620 MB of YAML), counted as
        /// a sixteenth. A CloudFormation template keeps its tree too, and is counted as Terraform is.
        static func cost(of facts: FileFacts, textBytes: Int) -> Int {
            holdsTree(facts) ? textBytes * 8 : textBytes / 16 + 256
        }

        /// Terraform files and CloudFormation templates keep their whole syntax tree.
        static func holdsTree(_ facts: FileFacts) -> Bool { facts.terraform != nil || facts.cloudFormation != nil }

        /// The same for facts decoded from the persistent cache, from their encoded size
        /// (a Terraform tree's encoding is about two and a half times its size in memory).
        static func cost(of facts: FileFacts, encodedBytes: Int) -> Int {
            holdsTree(facts) ? encodedBytes / 2 : encodedBytes + 256
        }
    }
}
