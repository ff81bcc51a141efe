/// One Dockerfile instruction after line continuations are joined and heredoc bodies removed.
struct DockerfileInstruction: Hashable, Sendable {
    /// A heredoc the instruction opens (`COPY <<EOF /etc/nginx/conf.d/default.conf`).
    struct Heredoc: Hashable, Sendable {
        /// The word that ends it (`EOF`).
        var word: String
        /// Its lines, tabs stripped for `<<-`, without the closing word.
        var body: String
        /// The line of the file its body starts on.
        var firstLine: Int
        /// `<<"EOF"`: its body is taken as written; unquoted, BuildKit expands its variables.
        var quoted = false
    }

    /// Upper-cased: `FROM`, `COPY`, …
    var keyword: String
    /// Everything after the keyword, continuations joined, heredoc bodies left out.
    var arguments: String
    /// The line the instruction starts on.
    var line: Int
    /// The heredocs it opens, in order (RUN, COPY and ADD only).
    var heredocs: [Heredoc] = []
}
