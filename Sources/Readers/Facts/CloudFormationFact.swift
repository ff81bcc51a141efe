/// A CloudFormation (or AWS SAM) template: what a stack made from it declares, kept as written
/// (intrinsic functions in their long form, `{Ref: X}`, `{Fn::Sub: …}`), since what they give
/// depends on the stack: its region and parameter values (see `CloudFormationStacks`).
public struct CloudFormationFact: Hashable, Sendable, Codable {
    /// A template parameter with its default.
    public struct Parameter: Hashable, Sendable, Codable {
        public var name: String
        /// `String`, `CommaDelimitedList`, `List<AWS::EC2::Subnet::Id>`, `AWS::SSM::Parameter::Value<String>`, ….
        public var type: String?
        public var defaultValue: YAMLNode?
        public var line: Int
    }

    /// One entry of `Resources`.
    public struct Resource: Hashable, Sendable, Codable {
        /// The logical id, e.g. `AssetsBucket`.
        public var logicalID: String
        /// `AWS::S3::Bucket`, `AWS::Serverless::Function`, ….
        public var type: String
        /// Its `Properties` mapping, when it has one.
        public var properties: YAMLNode?
        /// The condition that decides whether the stack creates it.
        public var condition: String?
        public var line: Int
    }

    public var parameters: [Parameter] = []
    public var mappings: YAMLNode?
    public var conditions: YAMLNode?
    /// SAM's `Globals` section: properties every function, API or table of the template takes
    /// unless it sets them.
    public var globals: YAMLNode?
    public var resources: [Resource] = []
    /// The `Outputs` mapping: what a parent stack reads of this one as a nested stack.
    public var outputs: YAMLNode?

    public init() {}
}

/// A SAM CLI configuration file (`samconfig.toml`, `samconfig.yaml`): what `sam deploy` uses
/// without options, from its `default` environment.
public struct SamConfigFact: Hashable, Sendable, Codable {
    public var stackName: String?
    public var region: String?
    /// The template it deploys, relative to the file's folder (`template.yaml` when not set).
    public var templateFile: String?
    /// `parameter_overrides`, as `NAME=VALUE` pairs.
    public var parameters: [String: String] = [:]
    public var line: Int = 1

    public init() {}
}

/// `stacks:` in `.faultline.yaml`: a CloudFormation template deployed as a stack.
public struct StackFact: Hashable, Sendable, Codable {
    /// The template's repository path.
    public var template: String
    /// The stack's name (`AWS::StackName`); the components' ids start with it.
    public var name: String?
    public var region: String
    /// Parameter values, over the template's defaults.
    public var parameters: [String: String]
    public var line: Int

    public init(template: String, name: String? = nil, region: String, parameters: [String: String] = [:], line: Int) {
        self.template = template
        self.name = name
        self.region = region
        self.parameters = parameters
        self.line = line
    }
}
