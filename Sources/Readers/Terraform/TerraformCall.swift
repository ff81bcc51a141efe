import HCL

/// The folders a module reads: its own and every folder its local module calls reach (down to
/// the depth evaluation goes), as one commit has them.
struct TerraformModuleReach: Hashable, Sendable {
    /// A folder the module reaches; nil when a call names a folder with no Terraform files.
    struct Reached: Equatable, Sendable {
        let path: String
        let folder: TerraformFolder?
    }

    let root: String
    /// In path order.
    let reached: [Reached]

    init(root: String, folders: [String: TerraformFolder]) {
        self.root = root
        // Level by level, no deeper than evaluation goes (`maximumDepth` calls below the
        // module): a chain of thousands of folders, each calling the next, would otherwise give
        // each of them every folder after it.
        var seen: Set<String> = [root]
        var level = [root]
        for _ in 0...TerraformModuleEvaluator.maximumDepth where !level.isEmpty {
            var next: [String] = []
            for path in level {
                guard let folder = folders[path] else { continue }
                for child in TerraformModuleEvaluator.calledFolders(of: folder) where seen.insert(child).inserted {
                    next.append(child)
                }
            }
            level = next
        }
        reached = seen.sorted().map { Reached(path: $0, folder: folders[$0]) }
    }

    /// Hashes the paths and, for each folder, how many blocks it has and where the last one
    /// ends: cheap, and different for most versions of a folder, so the versions of one module
    /// a run keeps are seldom compared whole with each other.
    func hash(into hasher: inout Hasher) {
        hasher.combine(root)
        hasher.combine(reached.count)
        for folder in reached {
            hasher.combine(folder.path)
            hasher.combine(folder.folder?.declarations.count ?? -1)
            hasher.combine(folder.folder?.declarations.last?.block.range.end)
        }
    }
}

/// Everything the evaluation of one module instance reads: the folders it reaches, its
/// address prefix, its inputs, the provider configurations it inherits and the calls above it
/// (which decide where a cycle or the depth limit stops). Two instances with equal calls find
/// the same resources, notes and outputs, so a run evaluates each distinct call once: a
/// commit changing one example of a module repository re-evaluates that example, and one
/// changing the top module re-evaluates it but replays the child modules whose inputs stayed.
struct TerraformCall: Hashable, Sendable {
    let reach: TerraformModuleReach
    let prefix: String
    let inputs: [String: Value]
    let providers: [String: [String: Value]]
    let stack: [String]

    /// Hashes the reach, the prefix and the stack, not the values: the calls of one address
    /// differ little between commits and are compared whole.
    func hash(into hasher: inout Hasher) {
        hasher.combine(reach)
        hasher.combine(prefix)
        hasher.combine(stack)
    }

    /// Texts are compared by their bytes, not as Swift compares strings (canonically
    /// equivalent spellings, `é` and `e` + U+0301, are equal there): an instance called with
    /// the other spelling must find its resources with that spelling, not replay the first.
    static func == (lhs: TerraformCall, rhs: TerraformCall) -> Bool {
        sameBytes(lhs.prefix, rhs.prefix) && lhs.stack.elementsEqual(rhs.stack, by: sameBytes) && lhs.reach == rhs.reach
            && identical(lhs.inputs, rhs.inputs, by: identical)
            && identical(lhs.providers, rhs.providers) { identical($0, $1, by: identical) }
    }

    private static func sameBytes(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
    }

    private static func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): sameBytes(x, y)
        case (.tuple(let x), .tuple(let y)): x.count == y.count && x.elementsEqual(y, by: identical)
        case (.object(let x), .object(let y)): identical(x, y, by: identical)
        default: a == b
        }
    }

    /// The same keys, byte for byte, with values alike by `same`.
    private static func identical<T>(_ a: [String: T], _ b: [String: T], by same: (T, T) -> Bool) -> Bool {
        guard a.count == b.count else { return false }
        return a.allSatisfy { key, value in
            guard let index = b.index(forKey: key) else { return false }
            return sameBytes(key, b[index].key) && same(value, b[index].value)
        }
    }
}

/// What evaluating one module instance found: its outputs, the resources, opaque modules and
/// notes it added (its children's included), and the folders it visited.
struct TerraformCallEvaluation: Sendable {
    var outputs: Value
    var found: TerraformEvaluation
    var visited: Set<String>
}

/// Module instance evaluations by their calls, shared by every link of a run. It keeps two
/// generations, each at least as large as twice the largest evaluation of the run asked for
/// (`Linker.terraformEvaluation` raises it), so the next commit finds every instance of the
/// last one however many a repository has; older ones are dropped, which bounds what an
/// audit keeps.
typealias TerraformCallCache = SharedCache<TerraformCall, TerraformCallEvaluation>
