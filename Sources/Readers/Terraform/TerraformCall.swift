import HCL

/// The folders a module reads: its own and every folder its local module calls reach, as one
/// commit has them.
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
        var seen: Set<String> = [root]
        var pending = [root]
        while let path = pending.popLast() {
            guard let folder = folders[path] else { continue }
            for child in TerraformModuleEvaluator.calledFolders(of: folder) where seen.insert(child).inserted {
                pending.append(child)
            }
        }
        reached = seen.sorted().map { Reached(path: $0, folder: folders[$0]) }
    }

    /// Hashes the paths only, as `TerraformInputs` does; equal reaches are still compared whole.
    func hash(into hasher: inout Hasher) {
        hasher.combine(root)
        hasher.combine(reached.count)
        for folder in reached { hasher.combine(folder.path) }
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

    /// Hashes the reach's paths, the prefix and the stack, not the values: the calls of one
    /// address differ little between commits and are compared whole.
    func hash(into hasher: inout Hasher) {
        hasher.combine(reach)
        hasher.combine(prefix)
        hasher.combine(stack)
    }
}

/// What evaluating one module instance found: its outputs, the resources, opaque modules and
/// notes it added (its children's included), and the folders it visited.
struct TerraformCallEvaluation: Sendable {
    var outputs: Value
    var found: TerraformEvaluation
    var visited: Set<String>
}

/// Module instance evaluations by their calls, shared by every link of a run and emptied
/// when it holds its limit, which bounds what an audit keeps.
typealias TerraformCallCache = SharedCache<TerraformCall, TerraformCallEvaluation>
