/// What a Dockerfile builds from and ships.
public struct DockerfileFact: Hashable, Sendable, Codable {
    /// `FROM` images of every stage, with `ARG` defaults substituted; stage names
    /// (`FROM build AS final` … `FROM final`) are not images and are left out.
    public var baseImages: [ImageMention] = []
    /// `COPY`/`ADD` sources from the build context (not `--from=` another stage), relative to
    /// the context, as written (globs kept).
    public var copies: [PathReference] = []
    /// What the final stage gives every container the image runs: its `ENV` values that may
    /// name an endpoint (context `ENV NAME`; a workload setting the same variable overrides
    /// it), and the endpoints of nginx configuration and web pages it writes from heredocs
    /// (`COPY <<EOF /etc/nginx/conf.d/default.conf`).
    public var runtime: [Mention] = []

    public init(baseImages: [ImageMention] = [], copies: [PathReference] = [], runtime: [Mention] = []) {
        self.baseImages = baseImages
        self.copies = copies
        self.runtime = runtime
    }
}

/// A CI pipeline definition: which SaaS runs it and what it pulls and builds.
public struct PipelineFact: Hashable, Sendable, Codable {
    /// `circleci`, `github-actions` or `gitlab`: the catalog's SaaS id.
    public var system: String
    public var line: Int
    /// Images jobs run in (`docker:` executors, `container:`, `image:`, `services:`).
    public var images: [ImageMention] = []
    /// Images the pipeline builds and pushes.
    public var builds: [ImageBuild] = []
    /// Reusable steps from elsewhere (`uses: actions/checkout@v4`, orbs), as written.
    public var uses: [NamedReference] = []
    /// The Terraform root modules its jobs apply (`terraform apply`, `tofu apply`).
    public var applies: [TerraformApply] = []
    /// The CloudFormation stacks its jobs deploy (`aws cloudformation deploy`, `sam deploy`, …).
    public var deploys: [StackDeploy] = []

    public init(system: String, line: Int) {
        self.system = system
        self.line = line
    }
}

extension PipelineFact {
    /// Images of the jobs one waits for taken at most: no pipeline runs hundreds.
    static let waitedImageLimit = 256

    /// The images of the jobs `job` waits for, following `waits` (a job's `needs`, `requires`)
    /// transitively, each job once, at most `waitedImageLimit`.
    static func waitedImages(of job: String, waits: (String) -> [String], images: (String) -> [ImageMention]?) -> [ImageMention] {
        var waited: Set<String> = [job], queue = waits(job), found: [ImageMention] = []
        while let next = queue.popLast(), found.count < waitedImageLimit {
            guard waited.insert(next).inserted, let own = images(next) else { continue }
            found += own
            queue += waits(next)
        }
        return found
    }

    /// Adds the images of the jobs a job waits for to those of what it builds, applies and
    /// deploys (the ranges of its entries).
    mutating func addWaited(_ images: [ImageMention], builds: Range<Int>, applies: Range<Int>, deploys: Range<Int>) {
        guard !images.isEmpty else { return }
        for index in builds { self.builds[index].images = (self.builds[index].images ?? []) + images }
        for index in applies { self.applies[index].images += images }
        for index in deploys { self.deploys[index].images += images }
    }
}

/// A CloudFormation stack a pipeline deploys: `aws cloudformation deploy --template-file T`,
/// `aws cloudformation create-stack|update-stack --template-body file://T`, `sam deploy`
/// (`template.yaml` in its folder unless `-t` names one) or the
/// `aws-actions/aws-cloudformation-github-deploy` action.
public struct StackDeploy: Hashable, Sendable, Codable {
    /// The template's path relative to the repository root, or as written when it is not literal.
    public var template: String
    public var stackName: String?
    /// The region it deploys to, when the command (`--region`) or the job's environment
    /// (`AWS_REGION`, `AWS_DEFAULT_REGION`, `aws-actions/configure-aws-credentials`) says so literally.
    public var region: String?
    public var line: Int
    /// The images the job running it runs in.
    public var images: [ImageMention] = []

    public init(template: String, stackName: String? = nil, region: String? = nil, line: Int, images: [ImageMention] = []) {
        self.template = template
        self.stackName = stackName
        self.region = region
        self.line = line
        self.images = images
    }
}

/// A `terraform apply` (or `tofu apply`) a pipeline runs: the folder of the root module it
/// applies, relative to the repository root (`.` for the root), or as written when it is not
/// literal (`${{ matrix.env }}`).
public struct TerraformApply: Hashable, Sendable, Codable {
    public var folder: String
    public var line: Int
    /// The images the job running it runs in (its container and services, or the defaults').
    public var images: [ImageMention] = []

    public init(folder: String, line: Int, images: [ImageMention] = []) {
        self.folder = folder
        self.line = line
        self.images = images
    }
}

/// An image a pipeline builds: `docker build -t IMAGE CONTEXT` and its equivalents.
public struct ImageBuild: Hashable, Sendable, Codable {
    /// The image name, without a tag when the tag is not literal.
    public var image: String
    /// The build context folder, relative to the repository root (`.` for the root).
    public var context: String
    /// The Dockerfile path when given (`-f`), relative to the repository root.
    public var dockerfile: String?
    public var line: Int
    /// The images the job building it runs in, when the pipeline's reader knows the job
    /// (nil: every job image of its file is taken to be on the way).
    public var images: [ImageMention]?
    /// The build arguments it passes with literal values (Compose's `build.args`): what a
    /// `FROM ${BASE}` without a default builds from.
    public var arguments: [String: String]?

    public init(image: String, context: String, dockerfile: String? = nil, line: Int, images: [ImageMention]? = nil) {
        self.image = image
        self.context = context
        self.dockerfile = dockerfile
        self.line = line
        self.images = images
    }
}

/// A Kubernetes cluster declared in configuration (`.faultline.yaml`, or Terraform later).
public struct ClusterFact: Hashable, Sendable, Codable {
    public var name: String
    public var provider: String
    public var region: String
    public var zones: [String]
    /// Namespaces whose manifests deploy here; empty means no namespace rule.
    public var namespaces: [String]
    /// Path prefixes whose manifests deploy here; empty means no path rule.
    public var paths: [String]
    public var line: Int

    public init(name: String, provider: String, region: String, zones: [String], namespaces: [String] = [], paths: [String] = [], line: Int) {
        self.name = name
        self.provider = provider
        self.region = region
        self.zones = zones
        self.namespaces = namespaces
        self.paths = paths
        self.line = line
    }
}
