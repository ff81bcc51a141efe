import Model

extension TopologyBuilder {
    /// What changing a CloudFormation stack's resources needs, as `deliver` requirements of
    /// each: the pipelines that deploy its template (`aws cloudformation deploy`, `sam deploy`,
    /// AWS's deploy action) — their CI system and the images the deploying job runs in. A
    /// deploy naming another stack of the same template is not this stack's.
    mutating func linkStackDelivery(_ evaluation: TerraformEvaluation) {
        let deploys = CloudFormationStacks.deploys(in: files)
        guard !deploys.isEmpty else { return }
        var byStack: [String: (template: String, region: String?, ids: [String])] = [:]
        for resource in evaluation.resources {
            // A nested stack's resources ship with the stack that nests it.
            guard let id = resource.callID, let stack = resource.deployedStack, let template = resource.deployedTemplate else { continue }
            byStack[stack, default: (template, resource.providerValues["region"]?.stringValue, [])].ids.append(id)
        }
        for stack in byStack.keys.sorted() {
            guard let (template, region, ids) = byStack[stack], let mine = deploys[template] else { continue }
            var needs: [Requirement] = []
            var seen: Set<String> = []
            for (path, system, deploy) in mine {
                // A stack is named by its name, or by its template's path when it has none; a
                // deploy to another region deploys another stack.
                if let name = deploy.stackName, stack != template, stack != name, !stack.hasPrefix(name + "@") { continue }
                if let target = deploy.region, let region, target != region { continue }
                let at = provenance(path, deploy.line)
                if seen.insert("ci:\(system)").inserted {
                    needs.append(Requirement("ci:\(system)", phase: .deliver, provenance: at, note: "deployed by \(path):\(deploy.line)"))
                }
                for mention in deploy.images {
                    guard let image = imageComponent(mention, path: path), seen.insert(image).inserted else { continue }
                    needs.append(Requirement(image, phase: .deliver, provenance: at, note: "the deploying job runs in \(mention.reference)"))
                }
            }
            guard !needs.isEmpty else { continue }
            for id in ids where has(id) {
                for need in needs { require(id, need) }
            }
        }
    }
}
