import HCL

/// One instance of a managed resource, evaluated as far as it statically can be.
struct TerraformResource: Sendable {
    var type: String
    var name: String
    /// `""` for a root module, else `module.cdn.` (with instance keys, e.g. `module.app[0].`).
    var modulePrefix: String
    /// `[0]` or `["key"]` for an instance of `count` or `for_each`, else empty.
    var instanceKey: String
    /// The body's attributes and nested blocks as values; nested blocks are tuples of objects
    /// under their type name. References to other resources' identities are markers.
    var values: [String: Value]
    var body: Body
    /// The provider configuration it uses, e.g. `aws` or `aws.west`.
    var providerKey: String
    /// The provider configuration's attributes (`region`, `zone`, `project`), when known.
    var providerValues: [String: Value]
    var path: String
    var line: Int
    /// The folder of the root module it is evaluated in, where Terraform starts relative paths.
    var root = ""
    /// For a call of a registry module read as one resource, the call's id (`tf:module.assets`).
    var callID: String?
    /// For such a call, the call's argument each resource argument was read from, where the
    /// names differ (`environment` ← `environment_variables`).
    var callArguments: [String: String]?
    /// For a resource read from elsewhere than HCL (a CloudFormation template), the lines of
    /// its arguments and of each of its nested blocks, by their Terraform names: `body` is empty.
    var argumentLines: [String: Int] = [:]
    /// For a resource of a CloudFormation stack, the stack that is deployed (the outermost,
    /// for a nested stack's): its id and its template's path.
    var deployedStack: String?
    var deployedTemplate: String?
    var blockLines: [String: [Int]] = [:]

    /// `tf:aws_s3_bucket.assets`, `tf:module.cdn.aws_cloudfront_distribution.ui[0]`, or a
    /// registry module call's `tf:module.assets`.
    var id: String { callID ?? "tf:\(modulePrefix)\(type).\(name)\(instanceKey)" }

    var provider: String { String(type.prefix { $0 != "_" }) }

    /// A component id without its `tf:` or `cfn:` prefix, for notes: `aws_s3_bucket.assets`.
    static func address(_ id: String) -> Substring {
        id.hasPrefix("tf:") ? id.dropFirst(3) : id.hasPrefix("cfn:") ? id.dropFirst(4) : id[...]
    }

    func string(_ key: String) -> String? { values[key]?.stringValue }

    func bool(_ key: String) -> Bool? {
        if case .bool(let flag) = values[key] { return flag }
        return nil
    }

    /// The nested blocks (or, from JSON, object-valued attributes) of one type.
    func blocks(_ key: String) -> [[String: Value]] {
        Self.objects(values[key])
    }

    static func objects(_ value: Value?) -> [[String: Value]] {
        switch value {
        case .object(let fields): [fields]
        case .tuple(let items): items.compactMap(\.objectValue)
        default: []
        }
    }

    /// The line of the `index`th nested block of a type, for provenance; the resource's line
    /// when the file does not say.
    func line(ofBlock key: String, at index: Int = 0) -> Int {
        let blocks = body.blocks(ofType: key)
        if index < blocks.count { return blocks[index].range.start.line }
        if let lines = blockLines[key], index < lines.count { return lines[index] }
        return written(key)?.range.start.line ?? argumentLines[key] ?? line
    }

    func line(ofAttribute key: String) -> Int {
        written(key)?.range.start.line ?? argumentLines[key] ?? line
    }

    /// The line of an argument or the first block of that type, when the resource has one.
    func lineIfPresent(of key: String) -> Int? {
        written(key)?.range.start.line ?? body.blocks(ofType: key).first?.range.start.line ?? argumentLines[key] ?? blockLines[key]?.first
    }

    /// The attribute holding an argument: its own, or for a registry module call the call's
    /// argument it was read from (`environment` from `environment_variables`).
    private func written(_ key: String) -> Attribute? {
        body.attribute(named: key) ?? callArguments?[key].flatMap { body.attribute(named: $0) }
    }
}
