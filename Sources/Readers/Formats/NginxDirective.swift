/// One nginx directive, `name args… ;` or `name args… { … }`, with its location.
struct NginxDirective: Hashable, Sendable {
    /// One argument as nginx sees it: quotes removed, escapes resolved, `$variables` kept.
    struct Argument: Hashable, Sendable {
        var text: String
        var line: Int
    }

    var name: String
    var line: Int
    var arguments: [Argument]
    /// The directives inside `{ }`; nil for a simple directive ending in `;`.
    var block: [NginxDirective]?
}
