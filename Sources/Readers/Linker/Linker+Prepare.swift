import Dispatch
import Model

extension Linker {
    /// Does, once and on every core, the work the links of several commits share: extracting
    /// and classifying the endpoints of every distinct mention text, parsing every distinct
    /// image reference, and evaluating each distinct set of Terraform files. The links that
    /// follow find all of it in the run's caches, so base and head (which share almost every
    /// file) pay for their common files once instead of once each.
    ///
    /// Only a speed-up: a link without it computes the same values itself.
    public func prepare(_ commits: [[FileFacts]]) {
        var texts = Set<String>()
        var images = Set<String>()
        for files in commits {
            for file in files {
                for mention in file.mentions { texts.insert(mention.text) }
                // A setting's bare value names at most a Service: nothing to classify.
                for configMap in file.configMaps {
                    for mention in configMap.mentions where mention.group != Mention.bareServiceName { texts.insert(mention.text) }
                }
                for workload in file.workloads {
                    for mention in workload.mentions where mention.group != Mention.bareServiceName { texts.insert(mention.text) }
                    for image in workload.images { images.insert(image.reference) }
                }
                for pipeline in file.pipelines {
                    for image in pipeline.images { images.insert(image.reference) }
                    for build in pipeline.builds { images.insert(build.image) }
                }
                for base in file.dockerfile?.baseImages ?? [] { images.insert(base.reference) }
            }
        }
        // Side by side: evaluated one after another, the later one would replay the module
        // instances a change does not reach, but a check then waited longer whenever its
        // change reached most of them (0.12 against 0.09 s on a terraform-aws-eks commit).
        let terraform = Set(commits.map(TerraformInputs.init)).filter { !$0.files.isEmpty }
        enum Task { case texts(ArraySlice<String>), images(ArraySlice<String>), terraform(TerraformInputs) }
        var tasks: [Task] = terraform.map { .terraform($0) }
        let textList = Array(texts), imageList = Array(images)
        for start in stride(from: 0, to: textList.count, by: 256) { tasks.append(.texts(textList[start..<min(start + 256, textList.count)])) }
        for start in stride(from: 0, to: imageList.count, by: 256) { tasks.append(.images(imageList[start..<min(start + 256, imageList.count)])) }
        let work = tasks
        DispatchQueue.concurrentPerform(iterations: work.count) { index in
            switch work[index] {
            case .texts(let slice): for text in slice { _ = classifiedCandidates(in: text) }
            case .images(let slice): for text in slice { _ = imageReference(text) }
            case .terraform(let inputs): _ = terraformEvaluation(inputs)
            }
        }
    }

    /// The evaluation of a commit's Terraform modules, computed once per distinct set of files.
    func terraformEvaluation(_ inputs: TerraformInputs) -> TerraformEvaluation {
        evaluations.value(for: inputs) {
            let modules = TerraformFolder.modules(of: inputs.facts)
            var evaluator = TerraformModuleEvaluator(folders: modules.folders, calls: terraformCalls)
            evaluator.evaluateRoots()
            terraformCalls.raiseLimit(to: 2 * evaluator.instancesAsked)
            var result = evaluator.result
            result.diagnostics += modules.problems
            result.kubernetes = TerraformKubernetes.objects(of: result.resources)
            result.helm = TerraformHelm.releases(of: result.resources)
            return result
        }
    }
}

/// A commit's Terraform files, the whole input of module evaluation: commits with the same
/// Terraform files share one evaluation.
struct TerraformInputs: Hashable, Sendable {
    struct File: Hashable, Sendable {
        let path: String
        let fact: TerraformFileFact
    }

    let files: [File]
    /// The texts the files read with `file()` and `templatefile()`, by path.
    let texts: [String: String]

    /// Hashes the paths only: hashing every Terraform body on each link of an audit cost about
    /// as much as evaluating them; equal inputs are still compared whole.
    func hash(into hasher: inout Hasher) {
        hasher.combine(files.count)
        for file in files { hasher.combine(file.path) }
    }

    init(_ facts: [FileFacts]) {
        files = facts.compactMap { file in file.terraform.map { File(path: file.path, fact: $0) } }.sorted { $0.path < $1.path }
        var texts: [String: String] = [:]
        for file in facts { if let text = file.readText { texts[file.path] = text } }
        self.texts = texts
    }

    /// Facts holding only the Terraform parts, which are all the module evaluator reads.
    var facts: [FileFacts] {
        var facts = files.map { file in
            var facts = FileFacts(path: file.path)
            facts.terraform = file.fact
            return facts
        }
        for (path, text) in texts {
            var read = FileFacts(path: path)
            read.readText = text
            facts.append(read)
        }
        return facts
    }
}
