/// The readers Faultline runs, in the order they are offered a file: the first that accepts a
/// path reads it, so readers of specific paths (the repository's own configuration, CI files,
/// Dockerfiles, nginx configs, web assets) come before the Kubernetes reader, which takes any
/// remaining YAML.
public enum ReaderRegistry {
    public static let all: [any FileReader] = [
        RepoConfigReader(),
        CircleCIReader(),
        GitHubActionsReader(),
        GitLabCIReader(),
        DockerfileReader(),
        DockerignoreReader(),
        NginxReader(),
        AssetReader(),
        TerraformReader(),
        KustomizationReader(),
        HelmValuesReader(),
        ComposeReader(),
        SamConfigReader(),
        ServerlessFrameworkReader(),
        CloudFormationReader(),
        KubernetesReader(),
    ]

    /// The reader for a path, if any.
    public static func reader(for path: String, in readers: [any FileReader] = all) -> (any FileReader)? {
        readers.first { $0.accepts(path: path) }
    }
}
