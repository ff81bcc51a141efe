import Model

/// Reads nginx configuration: the endpoints it proxies to, redirects to and resolves with,
/// and the files it includes.
///
/// The parser is nginx's own grammar — directives `name args… ;`, blocks `{ }`, single and
/// double quotes with backslash escapes, `#` comments — and keeps `$variables` as text. Many
/// `.conf` files are not nginx (supervisord, fluentd, Apache): a file none of whose directives
/// is an nginx directive gives no facts at all, so those do not turn into a stream of syntax
/// diagnostics.
public struct NginxReader: FileReader {
    public let name = "nginx"
    public let version = 8

    public init() {}

    /// Folders whose files are nginx configuration whatever their name.
    static let configFolders: Set<String> = ["nginx", "conf.d", "sites-available", "sites-enabled"]
    /// Extensions of files that sit in those folders but belong to other readers.
    /// Source code of a program that configures nginx (`nginx/nginx.go`) is the main case.
    static let foreignExtensions: Set<String> = [
        "yaml", "yml", "json", "md", "txt", "html", "htm", "css", "js", "sh", "py", "tf", "png", "jpg", "gif",
        "svg", "ico", "pem", "crt", "key", "lua", "rst",
        "go", "mod", "sum", "rs", "java", "kt", "kts", "scala", "groovy", "gradle", "rb", "php", "pl", "pm", "c", "h",
        "cc", "cpp", "cxx", "hpp", "cs", "fs", "swift", "m", "ts", "tsx", "jsx", "mjs", "cjs", "vue", "ex", "exs", "erl",
        "hs", "clj", "dart", "r", "jl", "sql", "proto", "xml", "toml", "ini", "lock", "csv", "bat", "ps1", "bash", "zsh",
        "gz", "tgz", "zip", "tar", "jar", "webp", "woff", "woff2", "ttf", "eot", "pdf", "snap", "diff", "patch",
    ]

    /// Extensions of templates that render nginx configuration (Ansible's `.j2`, Go's
    /// `.tmpl`, ERB): their template syntax is not nginx's, and what they render is not known.
    static let templateExtensions: Set<String> = ["j2", "jinja", "jinja2", "tmpl", "tpl", "erb", "mustache", "hbs", "gotmpl"]

    public func accepts(path: String) -> Bool {
        let file = path.fileName
        guard !file.isEmpty else { return false }
        if let dot = file.lastIndex(of: "."), Self.templateExtensions.contains(file[file.index(after: dot)...].lowercased()) { return false }
        // The official image renders `templates/*.conf.template` with envsubst at start-up.
        if file.hasSuffix(".conf") || file.hasSuffix(".conf.template") || file.hasPrefix("nginx.conf") { return true }
        if file == "Dockerfile" || file.hasPrefix("Dockerfile.") { return false }
        guard path.split(separator: "/").dropLast().contains(where: { Self.configFolders.contains(String($0)) }) else { return false }
        if let dot = file.lastIndex(of: "."), Self.foreignExtensions.contains(file[file.index(after: dot)...].lowercased()) {
            return false
        }
        return true
    }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        var facts = FileFacts(path: path)
        let (text, decodingProblem) = LenientText.decode(bytes, path: path)
        let found = Self.mentions(in: text, path: path, firstLine: 1)
        guard !found.mentions.isEmpty || !found.includes.isEmpty || !found.diagnostics.isEmpty else { return facts }
        facts.mentions = found.mentions
        facts.includes = found.includes
        facts.diagnostics = (decodingProblem.map { [$0] } ?? []) + found.diagnostics
        return facts
    }

    /// The endpoints, includes and syntax problems of nginx configuration text, also when it
    /// is stored somewhere else (a Kubernetes ConfigMap value): `firstLine` is the line of the
    /// enclosing file where `text` starts — for a YAML block scalar (`nginx.conf: |`), the line
    /// after its key — and every line returned points into that file.
    ///
    /// Text that has no nginx directive at all gives nothing, not even diagnostics.
    public static func mentions(
        in text: String, path: String, firstLine: Int
    ) -> (mentions: [Mention], includes: [PathReference], diagnostics: [Diagnostic]) {
        guard mayNameDirective(text) else { return ([], [], []) }
        var parser = NginxParser(text: text, firstLine: firstLine)
        let directives = parser.parse()
        // Text that does not parse as nginx must show a directive only nginx has before its
        // syntax errors count: Lua kept in an Argo CD ConfigMap (`if … then … end`, `return
        // hs`) or Go code in an `nginx/` folder has words nginx also uses, and an error there is
        // an exit 2 for a file that is not nginx at all.
        // The strict test also reads the text line by line, since a broken quote or brace can
        // swallow the rest of a real nginx file from the parsed tree.
        // Strictly, a block opened with no argument (`server {`) is evidence only in text that
        // does not assign with `=`: HCL (SPIRE's `server { bind_port = "8081" }`) opens blocks
        // so too, and its assignments, never ended by `;`, parse as nothing.
        guard parser.problems.isEmpty
            ? looksLikeNginx(directives)
            : looksLikeNginx(directives, strictly: true, blocksCount: !hasAssignmentLine(text)) || opensLineWithNginxDirective(text)
        else { return ([], [], []) }
        var collector = Collector()
        collector.gatherVariables(directives)
        collector.findFallbackLocations(directives)
        collector.visit(directives, parent: nil, failover: Self.failoverTargets(in: directives) ?? [], inFallback: false)
        collector.resolveUpstreams()
        let diagnostics = parser.problems.map { Diagnostic(.error, $0.summary, detail: $0.detail, path: path, line: $0.line) }
        return (collector.mentions, collector.includes, diagnostics)
    }

    /// Directive names only nginx uses, at least one of which a real nginx file holds.
    static let nginxDirectives: Set<String> = [
        "http", "server", "location", "events", "upstream", "stream", "map", "include", "listen", "server_name",
        "root", "index", "try_files", "error_page", "access_log", "error_log", "worker_processes",
        "worker_connections", "resolver", "return", "rewrite", "add_header", "sendfile", "keepalive_timeout",
        "client_max_body_size", "default_type", "gzip", "user", "pid", "limit_req_zone", "limit_req", "expires",
        "alias", "auth_basic", "set", "if", "types", "charset", "ssl_certificate", "ssl_certificate_key",
        "fastcgi_param", "real_ip_header", "set_real_ip_from", "deny", "allow", "log_format",
    ]

    /// The directive names `looksLikeNginx` recognises (`true`) and the prefixes it accepts
    /// (`false`), as bytes, filed under their first two bytes (every one is at least two long).
    private static let markersByFirstTwo: [[(bytes: [UInt8], isName: Bool)]] = {
        var table = [[(bytes: [UInt8], isName: Bool)]](repeating: [], count: 128 * 128)
        let named = nginxDirectives.map { (Array($0.utf8), true) }
        let prefixes = ["proxy_", "fastcgi_", "grpc_", "uwsgi_", "ssl_", "gzip_"].map { (Array($0.utf8), false) }
        for marker in named + prefixes {
            table[Int(marker.0[0]) << 7 | Int(marker.0[1])].append(marker)
        }
        return table
    }()

    /// False only when no directive `looksLikeNginx` accepts can be in `text`, which spares
    /// parsing the JSON dashboards and scripts kept in ConfigMaps as nginx.
    ///
    /// Every such name is lower-case letters and `_`. The tokenizer builds a word from bytes
    /// and backslash escapes; it starts after a space, `;`, `{`, `}` or a quote, and a word
    /// that is exactly a name ends before a space, `;`, `{`, `}`, its closing quote or the end
    /// of the text. So with the backslashes taken out, a name is a run of `[a-z_]` bytes
    /// standing between such bytes, and an accepted prefix begins a run.
    static func mayNameDirective(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var run: [UInt8] = []
            run.reserveCapacity(32)
            var runLength = 0
            func runNamesDirective(endingBefore next: UInt8?) -> Bool {
                guard runLength >= 2 else { return false }
                let wordEnds: Bool
                switch next {
                case nil, 0x20?, 0x09?, 0x0D?, 0x0A?, 0x3B?, 0x7B?, 0x7D?, 0x22?, 0x27?: wordEnds = true
                default: wordEnds = false
                }
                for marker in markersByFirstTwo[Int(run[0]) << 7 | Int(run[1])] where marker.bytes.count <= runLength {
                    if marker.isName ? (wordEnds && runLength == marker.bytes.count && run.elementsEqual(marker.bytes)) : run.starts(with: marker.bytes) {
                        return true
                    }
                }
                return false
            }
            for byte in bytes {
                if (0x61...0x7A).contains(byte) || byte == 0x5F {
                    // Names and prefixes are at most 20 bytes: the rest of a run only counts.
                    if runLength < 32 { run.append(byte) }
                    runLength += 1
                } else if byte != 0x5C, runLength > 0 {
                    if runNamesDirective(endingBefore: byte) { return true }
                    run.removeAll(keepingCapacity: true)
                    runLength = 0
                }
            }
            return runNamesDirective(endingBefore: nil)
        }
    }

    /// Directive names other languages and formats use as words too (`return`, `if`, `set`,
    /// `user`, `map`…): enough in text that parses as nginx, not in text that does not.
    static let commonWords: Set<String> = [
        "return", "set", "if", "user", "root", "index", "map", "types", "include", "deny", "allow", "alias", "charset",
        "expires", "pid", "gzip", "http", "server", "events", "stream",
    ]

    /// Block directives that, opened with no argument (`server {`), only nginx writes.
    static let argumentlessBlocks: Set<String> = ["http", "server", "events", "stream"]

    /// Whether an `error_page` answers upstream failures: its codes are server errors, among
    /// them one nginx gives when a pass fails (500, 502, 503 or 504). `error_page 404 = @app`
    /// sends requests on, and is no fallback.
    static func isFailover(_ errorPage: NginxDirective) -> Bool {
        let codes = errorPage.arguments.dropLast().compactMap { Int($0.text) }
        return !codes.isEmpty && codes.allSatisfy { (500...599).contains($0) } && codes.contains { [500, 502, 503, 504].contains($0) }
    }

    /// The fallbacks a block's `error_page`s give when its pass fails: the named locations
    /// they send to, at most `maximumFailovers`. A local page (`/50x.html`) or a redirect to a
    /// status page is no fallback: users get an outage page either way. Nil when the block has
    /// no `error_page`, so that it inherits its parent's, as nginx does; a block with some
    /// replaces them all.
    static func failoverTargets(in block: [NginxDirective]) -> [NginxDirective.Argument]? {
        let errorPages = block.filter { $0.name == "error_page" }
        guard !errorPages.isEmpty else { return nil }
        let targets = errorPages.compactMap { errorPage -> NginxDirective.Argument? in
            guard isFailover(errorPage), let target = errorPage.arguments.last, target.text.hasPrefix("@") else { return nil }
            return target
        }
        return Array(targets.prefix(maximumFailovers))
    }

    /// Untrusted input may hold thousands of `error_page`s: each pass takes at most this many
    /// fallbacks, and a fallback location at most this many passes.
    static let maximumFailovers = 8

    /// The context of a mention a fallback location stands in with. Such a member that
    /// Faultline cannot place (a local sidecar, an internal host) is no alternative it can
    /// judge, and leaves the pass needed (see `TopologyBuilder.requirements(of:…)`).
    static func fallbackContext(_ context: String, location: String) -> String { "\(context) in fallback \(location)" }

    /// Whether a name is one `looksLikeNginx` knows (strictly: one no other language uses).
    static func isNginxName(_ name: some StringProtocol, strictly: Bool) -> Bool {
        let known = nginxDirectives.contains(String(name)) || name.hasPrefix("proxy_") || name.hasPrefix("fastcgi_")
            || name.hasPrefix("grpc_") || name.hasPrefix("uwsgi_") || name.hasPrefix("ssl_") || name.hasPrefix("gzip_")
        return known && (!strictly || !commonWords.contains(String(name)))
    }

    /// Whether a directive tree holds a directive nginx has. `strictly`: one only nginx has —
    /// a name that is not a common word, or `http`, `server`, `events` or `stream` opening a
    /// block with no argument (BIND's `server 10.0.0.2 { … };` has one).
    ///
    /// Strictly, an assignment (`bind_address = "0.0.0.0"`, which nginx would read as a
    /// directive with `=` for its first argument) is no evidence, and neither is a block with
    /// no argument holding one: HCL (SPIRE's `server { … }`) and other configuration languages
    /// write those.
    static func looksLikeNginx(_ directives: [NginxDirective], strictly: Bool = false, blocksCount: Bool = true) -> Bool {
        directives.contains { directive in
            let name = directive.name
            if strictly, isAssignment(directive) { return false }
            if isNginxName(name, strictly: strictly) { return true }
            if strictly, blocksCount, let block = directive.block, directive.arguments.isEmpty, argumentlessBlocks.contains(name),
               !block.contains(where: isAssignment) {
                return true
            }
            return looksLikeNginx(directive.block ?? [], strictly: strictly, blocksCount: blocksCount)
        }
    }

    /// Whether a directive reads as an assignment, `NAME = VALUE`: nginx writes `=` first only
    /// after `location` (an exact match).
    static func isAssignment(_ directive: NginxDirective) -> Bool {
        directive.name != "location" && directive.arguments.first?.text == "="
    }

    /// Whether a line of the text is an assignment, `NAME = VALUE` not ended by `;` (see
    /// `isAssignment`): nginx ends its directives with `;` (`debug=1 1;` in a `map`).
    static func hasAssignmentLine(_ text: String) -> Bool {
        text.split(whereSeparator: \.isNewline).contains { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            let name = trimmed.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
            guard !name.isEmpty, name != "location" else { return false }
            let rest = trimmed.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
            guard rest.first == "=", rest.dropFirst().first != "=", rest.dropFirst().first != "~" else { return false }
            return line.last(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) != ";"
        }
    }

    /// Whether a line of the text opens with a directive only nginx has (`listen 80;`,
    /// `location /x {`, `server {`): the strict test on text whose parse a broken quote or
    /// brace cut short.
    static func opensLineWithNginxDirective(_ text: String) -> Bool {
        // Worked out at most once, when a line opens a block with no argument.
        var assigns: Bool?
        return text.split(whereSeparator: \.isNewline).contains { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            let name = trimmed.prefix { ($0 >= "a" && $0 <= "z") || $0 == "_" }
            guard !name.isEmpty else { return false }
            let rest = trimmed.dropFirst(name.count)
            guard rest.isEmpty || rest.first == " " || rest.first == "\t" || rest.first == ";" || rest.first == "{" else { return false }
            // A directive ends its line with `;`, `{` or `}`; `listen = 9000` (php-fpm) and
            // HAProxy's `listen stats` are other formats.
            guard rest.drop(while: { $0 == " " || $0 == "\t" }).first != "=",
                  let last = line.last(where: { $0 != " " && $0 != "\t" && $0 != "\r" }), last == ";" || last == "{" || last == "}"
            else { return false }
            if isNginxName(name, strictly: true) { return true }
            // `server {`, `http {`: a block opened with no argument, unless the text assigns
            // with `=` (HCL's `server { bind_port = 8081 }`).
            return argumentlessBlocks.contains(String(name)) && rest.drop { $0 == " " || $0 == "\t" }.first == "{"
                && !(assigns ?? { assigns = hasAssignmentLine(text); return assigns! }())
        }
    }

    /// Walks the directive tree, collecting mentions and includes in file order.
    private struct Collector {
        var mentions: [Mention] = []
        var includes: [PathReference] = []

        /// The names of the `upstream` blocks seen, and the servers of each as found.
        var upstreams: Set<String> = []
        var upstreamServers: [String: [Mention]] = [:]

        /// `proxy_pass http://backend` names the upstream `backend` when the configuration has
        /// one, which nginx resolves first: its servers are the alternatives, not a host. A
        /// pass with an `error_page` fallback stands for its upstream's servers in its own
        /// group; an upstream that only such passes use is needed only through those groups.
        mutating func resolveUpstreams() {
            guard !upstreams.isEmpty else { return }
            var passedPlainly: Set<String> = [], passedWithFallback: Set<String> = []
            var resolved: [Mention] = []
            resolved.reserveCapacity(mentions.count)
            for mention in mentions {
                guard mention.context.prefix(while: { $0 != " " }).hasSuffix("_pass"), let name = Self.upstreamName(in: mention.text),
                      upstreams.contains(name) else {
                    resolved.append(mention)
                    continue
                }
                guard let group = mention.group else {
                    passedPlainly.insert(name)
                    continue
                }
                passedWithFallback.insert(name)
                for server in upstreamServers[name] ?? [] {
                    var copy = server
                    copy.group = group
                    resolved.append(copy)
                }
            }
            let coveredOnly = passedWithFallback.subtracting(passedPlainly)
            mentions = coveredOnly.isEmpty ? resolved : resolved.filter { mention in
                guard let group = mention.group, group.hasPrefix("upstream ") else { return true }
                return !coveredOnly.contains(String(group.dropFirst("upstream ".count)))
            }
        }

        /// The host a pass names (`http://backend/x` → `backend`), which may be an upstream's name.
        static func upstreamName(in text: String) -> String? {
            var host = Substring(text)
            if let scheme = host.firstRange(ofASCII: "://") { host = host[scheme.upperBound...] }
            let name = host.prefix { $0 != "/" && $0 != ":" }
            return name.isEmpty ? nil : String(name)
        }

        /// Named locations (`location @fallback { … }`) reached only through an `error_page`
        /// for upstream failures: what they pass to answers when the pass of the location
        /// sending there fails, an alternative to that pass rather than a need of its own. One
        /// whose name is reached any other way (`try_files $uri @app`, `error_page 404 =
        /// @app`) serves requests, and is needed like any location.
        var fallbackLocations: Set<String> = []
        /// Named locations by their `server` (its line; 0 outside any) and name: nginx looks a
        /// name up in the server handling the request.
        var namedLocations: [String: [NginxDirective]] = [:]
        /// What each fallback location passes to, worked out on first use.
        var fallbackTargets: [String: [(argument: NginxDirective.Argument, context: String)]] = [:]

        static func scoped(_ name: String, server: Int) -> String { "\(server)\u{0}\(name)" }

        mutating func findFallbackLocations(_ directives: [NginxDirective]) {
            var byFailover: Set<String> = [], otherwise: Set<String> = []
            func walk(_ directives: [NginxDirective], server: Int) {
                for directive in directives {
                    if directive.name == "location", directive.arguments.count == 1, directive.arguments[0].text.hasPrefix("@") {
                        let key = Self.scoped(directive.arguments[0].text, server: server)
                        if namedLocations[key] == nil { namedLocations[key] = directive.block ?? [] }
                    } else {
                        let failover = directive.name == "error_page" && NginxReader.isFailover(directive)
                        for argument in directive.arguments where argument.text.hasPrefix("@") {
                            if failover { byFailover.insert(argument.text) } else { otherwise.insert(argument.text) }
                        }
                    }
                    walk(directive.block ?? [], server: directive.name == "server" && directive.block != nil ? directive.line : server)
                }
            }
            walk(directives, server: 0)
            fallbackLocations = byFailover.subtracting(otherwise)
        }

        /// The passes of a fallback location of a server, its nested blocks' included (at most
        /// `maximumFailovers`); none when the server has no location of that name.
        mutating func targets(ofFallback name: String, server: Int) -> [(argument: NginxDirective.Argument, context: String)] {
            let key = Self.scoped(name, server: server)
            if let known = fallbackTargets[key] { return known }
            var found: [(argument: NginxDirective.Argument, context: String)] = []
            func walk(_ directives: [NginxDirective]) {
                for directive in directives where found.count < NginxReader.maximumFailovers {
                    for target in Self.targets(of: directive, parent: nil) where directive.name.hasSuffix("_pass") {
                        found.append((target.argument, NginxReader.fallbackContext(target.context, location: name)))
                    }
                    walk(directive.block ?? [])
                }
            }
            walk(namedLocations[key] ?? [])
            found = Array(found.prefix(NginxReader.maximumFailovers))
            fallbackTargets[key] = found
            return found
        }

        /// `failover`: the `error_page` fallbacks in force where the directives stand (a
        /// block's own `error_page`s replace its parent's, as nginx inherits them).
        /// `inFallback`: inside a fallback location, whose targets count only in the groups of
        /// the passes it stands in for. `server`: the line of the enclosing `server` block.
        mutating func visit(
            _ directives: [NginxDirective], parent: NginxDirective?, failover: [NginxDirective.Argument], inFallback: Bool, server: Int = 0
        ) {
            for directive in directives {
                if directive.name == "upstream", let name = directive.arguments.first?.text { upstreams.insert(name) }
                if directive.name == "include" {
                    for file in directive.arguments { includes.append(PathReference(path: file.text, line: file.line)) }
                } else if !inFallback {
                    collect(directive, parent: parent, failover: failover, server: server)
                }
                if let block = directive.block {
                    let isFallback = directive.name == "location" && directive.arguments.count == 1
                        && fallbackLocations.contains(directive.arguments[0].text)
                    visit(
                        block, parent: directive, failover: NginxReader.failoverTargets(in: block) ?? failover, inFallback: inFallback || isFallback,
                        server: directive.name == "server" ? directive.line : server)
                }
            }
        }

        private mutating func collect(_ directive: NginxDirective, parent: NginxDirective?, failover: [NginxDirective.Argument], server: Int) {
            for (argument, context, group) in Self.targets(of: directive, parent: parent) {
                guard group == nil, !failover.isEmpty, directive.name.hasSuffix("_pass") else {
                    let added = add(argument, context: context, group: group)
                    if let group, group.hasPrefix("upstream ") {
                        // A slice of the last `added`: `suffix` here resolved to `Sequence`'s,
                        // which walks every mention so far, quadratic in a file's upstreams.
                        upstreamServers[String(group.dropFirst("upstream ".count)), default: []] += mentions[(mentions.count - added)...]
                    }
                    continue
                }
                // The pass or any of its fallbacks answers: one group of alternatives.
                let block = parent.map { "\($0.name)\($0.arguments.map { " " + $0.text }.joined()) (line \($0.line))" } ?? "line \(directive.line)"
                let alternatives = "\(block) or its error_page fallback \(failover.map(\.text).joined(separator: ", "))"
                add(argument, context: context, group: alternatives)
                for target in failover {
                    for (fallback, fallbackContext) in targets(ofFallback: target.text, server: server) {
                        add(fallback, context: fallbackContext, group: alternatives)
                    }
                }
            }
        }

        /// The endpoints a directive passes, redirects or resolves with, each with the
        /// context it is found in and the group of alternatives it belongs to.
        static func targets(
            of directive: NginxDirective, parent: NginxDirective?
        ) -> [(argument: NginxDirective.Argument, context: String, group: String?)] {
            let args = directive.arguments
            switch directive.name {
            case "proxy_pass", "fastcgi_pass", "grpc_pass", "uwsgi_pass":
                guard let target = args.first, !isUnixSocket(target.text) else { return [] }
                return [(target, directive.name, nil)]
            case "server" where parent?.name == "upstream" && directive.block == nil:
                // `server host:port weight=5 backup;`: the first argument is the address.
                // A server marked `down` takes no requests: it is no alternative.
                guard let address = args.first, !isUnixSocket(address.text), !args.dropFirst().contains(where: { $0.text == "down" }) else {
                    return []
                }
                // nginx sends to the next server when one fails: they are alternatives.
                let upstream = parent?.arguments.first?.text ?? ""
                return [(address, "upstream \(upstream)", "upstream \(upstream)")]
            case "return":
                // `return 301 https://…`, `return https://…`; with another code (`return 200
                // "https://…"`) the text is the response body, not a URL.
                guard let target = args.last, isAbsoluteURL(target.text),
                      args.count == 1 || ["301", "302", "303", "307", "308"].contains(args[0].text) else { return [] }
                return [(target, "return", nil)]
            case "rewrite":
                guard args.count >= 2, isAbsoluteURL(args[1].text) else { return [] }
                return [(args[1], "rewrite", nil)]
            case "resolver":
                return args.filter { !$0.text.contains("=") }.map { ($0, "resolver", nil) }
            default:
                return []
            }
        }

        /// Values the configuration gives its variables (`set $bucket assets.s3.amazonaws.com;`,
        /// a `map`'s values), by name: a `proxy_pass https://$bucket` resolved at run time
        /// through `resolver` (the usual way to proxy to S3) names those hosts. At most
        /// `maximumValues` a variable.
        var variables: [String: [String]] = [:]
        static let maximumValues = 8

        mutating func gatherVariables(_ directives: [NginxDirective]) {
            for directive in directives {
                if directive.name == "set", directive.arguments.count == 2, directive.arguments[0].text.hasPrefix("$") {
                    remember(String(directive.arguments[0].text.dropFirst()), directive.arguments[1].text)
                } else if directive.name == "map", directive.arguments.count == 2, directive.arguments[1].text.hasPrefix("$") {
                    let name = String(directive.arguments[1].text.dropFirst())
                    for entry in directive.block ?? [] where entry.name != "include" && !entry.arguments.isEmpty {
                        remember(name, entry.arguments[entry.arguments.count - 1].text)
                    }
                }
                gatherVariables(directive.block ?? [])
            }
        }

        private mutating func remember(_ name: String, _ value: String) {
            var values = variables[name, default: []]
            guard values.count < Self.maximumValues, !values.contains(value) else { return }
            values.append(value)
            variables[name] = values
        }

        /// Adds the mentions an argument makes; returns how many.
        @discardableResult
        private mutating func add(_ argument: NginxDirective.Argument, context: String, group: String? = nil) -> Int {
            let before = mentions.count
            for expanded in expansions(of: argument.text) {
                // `https://assets.example.com$request_uri`: the host is literal and the variable
                // only fills in the path, so the text before it names the endpoint.
                var text = Substring(expanded)
                if let dollar = text.firstIndex(of: "$") { text = text[..<dollar] }
                guard !text.isEmpty, !text.hasSuffix("://") else { continue }
                if mentions.last.map({ $0.text == text && $0.line == argument.line && $0.context == context && $0.group == group }) == true { continue }
                mentions.append(Mention(text: String(text), line: argument.line, context: context, group: group))
            }
            return mentions.count - before
        }

        /// The text with each variable the configuration sets (`$name`, `${name}`) replaced by
        /// each of its values (at most 16 texts). At a variable it does not set, or a value
        /// naming another variable, the text stops being expanded: `add` cuts it there.
        func expansions(of text: String) -> [String] {
            guard !variables.isEmpty, text.contains("$") else { return [text] }
            var results: [String] = []
            expand(Substring(text), after: "", depth: 0, into: &results)
            return results
        }

        /// `depth`: variables expanded so far; past 8 the text is cut (untrusted input may hold
        /// thousands of them).
        private func expand(_ rest: Substring, after prefix: String, depth: Int, into results: inout [String]) {
            guard results.count < 16 else { return }
            guard let dollar = rest.firstIndex(of: "$") else {
                results.append(prefix + rest)
                return
            }
            var index = rest.index(after: dollar)
            let braced = index < rest.endIndex && rest[index] == "{"
            if braced { index = rest.index(after: index) }
            let nameStart = index
            while index < rest.endIndex, rest[index].isASCII, rest[index].isLetter || rest[index].isNumber || rest[index] == "_" {
                index = rest.index(after: index)
            }
            let name = String(rest[nameStart..<index])
            let closed = !braced || (index < rest.endIndex && rest[index] == "}")
            let head = prefix + rest[..<dollar]
            guard closed, depth < 8, let values = variables[name] else {
                results.append(head + rest[dollar...])
                return
            }
            let tail = rest[(braced ? rest.index(after: index) : index)...]
            for value in values {
                if let inner = value.firstIndex(of: "$") {
                    results.append(head + value[..<inner] + "$")
                } else {
                    expand(tail, after: head + value, depth: depth + 1, into: &results)
                }
            }
        }

        /// `unix:/run/app.sock` and `http://unix:/run/app.sock:/` name no network endpoint.
        static func isUnixSocket(_ target: String) -> Bool {
            let afterScheme = target.firstRange(of: "://").map { target[$0.upperBound...] } ?? target[...]
            return afterScheme.hasPrefix("unix:")
        }

        static func isAbsoluteURL(_ text: String) -> Bool {
            let lower = text.lowercased()
            return lower.hasPrefix("http://") || lower.hasPrefix("https://")
        }
    }
}
