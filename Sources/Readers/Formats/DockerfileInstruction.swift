/// One Dockerfile instruction after line continuations are joined and heredoc bodies removed.
struct DockerfileInstruction: Hashable, Sendable {
    /// Upper-cased: `FROM`, `COPY`, …
    var keyword: String
    /// Everything after the keyword, continuations joined, heredoc bodies left out.
    var arguments: String
    /// The line the instruction starts on.
    var line: Int
}
