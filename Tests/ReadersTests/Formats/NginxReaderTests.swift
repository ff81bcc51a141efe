import Model
import Testing

@testable import Readers
import TestSupport

@Suite struct NginxReaderTests {
    let reader = NginxReader()

    func read(_ text: String, path: String = "nginx/default.conf") -> FileFacts {
        reader.read(path: path, bytes: Array(text.utf8))
    }

    /// `line context text` for each mention, in file order.
    static func rows(_ mentions: [Mention]) -> [String] {
        mentions.map { "\($0.line) \($0.context) \($0.text)" }
    }

    @Test(arguments: [
        ("server {\n  location / {\n    proxy_pass http://ui.weave.svc:8080/;\n  }\n}\n",
         ["3 proxy_pass http://ui.weave.svc:8080/"]),
        ("upstream backend {\n  server api-1.internal:8080 weight=5;\n  server api-2.internal:8080 backup;\n  server unix:/run/api.sock;\n  server api-3.internal:8080 down;\n}\n",
         ["2 upstream backend api-1.internal:8080", "3 upstream backend api-2.internal:8080"]),
        ("server {\n  return 301 https://www.example.com$request_uri;\n  return 200 \"ok\";\n  return https://moved.example.com/;\n}\n",
         ["2 return https://www.example.com", "4 return https://moved.example.com/"]),
        ("server {\n  rewrite ^/docs/(.*)$ https://docs.example.com/$1 permanent;\n  rewrite ^/old /new last;\n}\n",
         ["2 rewrite https://docs.example.com/"]),
        ("http {\n  resolver 8.8.8.8 [2001:4860:4860::8888] valid=30s ipv6=off;\n}\n",
         ["2 resolver 8.8.8.8", "2 resolver [2001:4860:4860::8888]"]),
        ("server {\n  location ~ \\.php$ { fastcgi_pass 127.0.0.1:9000; }\n  location /orders { grpc_pass grpcs://orders.example.com:443; }\n  location /py { uwsgi_pass unix:/run/uwsgi.sock; }\n  location /u { uwsgi_pass py.internal:3031; }\n}\n",
         ["2 fastcgi_pass 127.0.0.1:9000", "3 grpc_pass grpcs://orders.example.com:443", "5 uwsgi_pass py.internal:3031"]),
        ("server {\n  location / { proxy_pass \"http://quoted.example.com/a;b\"; }\n  location /s { proxy_pass 'http://single.example.com/it\\'s'; }\n}\n",
         ["2 proxy_pass http://quoted.example.com/a;b", "3 proxy_pass http://single.example.com/it's"]),
        // A variable the configuration sets is its value; one it does not set hides the host.
        ("server {\n  set $backend assets.example.com;\n  location / { proxy_pass https://$backend; }\n  location /v { proxy_pass http://${backend}:8080; }\n}\n",
         ["3 proxy_pass https://assets.example.com", "4 proxy_pass http://assets.example.com:8080"]),
        ("server {\n  location / { proxy_pass https://$http_host; }\n}\n", []),
        // A literal host followed by a variable path is that host.
        ("server {\n  location /d/ { proxy_pass https://shop-assets.s3.us-east-1.amazonaws.com$request_uri; }\n}\n",
         ["2 proxy_pass https://shop-assets.s3.us-east-1.amazonaws.com"]),
        ("server {\n  # proxy_pass http://commented.example.com;\n  location / { proxy_pass http://live.example.com; } # trailing\n}\n",
         ["3 proxy_pass http://live.example.com"]),
        ("server {\n  location / { proxy_pass http://unix:/run/app.sock:/; }\n}\n", []),
        // A pass to an upstream of the file is to its servers, not to a host of that name.
        ("upstream api {\n  server api-blue:8080;\n}\nserver {\n  location / { proxy_pass http://api; }\n  location /x { proxy_pass http://apix:80; }\n}\n",
         ["2 upstream api api-blue:8080", "6 proxy_pass http://apix:80"]),
        ("server {\n  location /lua {\n    content_by_lua_block {\n      ngx.say(\"}\") -- a } in a comment\n    }\n  }\n  location / { proxy_pass http://after-lua.example.com; }\n}\n",
         ["7 proxy_pass http://after-lua.example.com"]),
    ] as [(String, [String])])
    func mentionsAreFoundWithLineAndContext(config: String, expected: [String]) {
        let facts = read(config)
        #expect(Self.rows(facts.mentions) == expected)
        #expect(facts.diagnostics.isEmpty)
    }

    @Test func includesAreKeptAsWrittenWithGlobs() {
        let facts = read("http {\n  include mime.types;\n  include /etc/nginx/conf.d/*.conf;\n}\n", path: "nginx/nginx.conf")
        #expect(facts.includes == [
            PathReference(path: "mime.types", line: 2), PathReference(path: "/etc/nginx/conf.d/*.conf", line: 3),
        ])
    }

    /// The whole of a realistic front-end config, as the Weave Cloud UI served it.
    @Test func aRealisticConfigGivesEveryEndpoint() {
        let config = """
            user nginx;
            worker_processes auto;
            events { worker_connections 1024; }

            http {
                include /etc/nginx/mime.types;
                resolver 10.0.0.2 valid=10s;
                upstream api {
                    server api.weave.svc.cluster.local:80 max_fails=3;
                    keepalive 32;
                }
                server {
                    listen 80;
                    server_name cloud.weave.works;
                    location /api/ {
                        proxy_pass http://api;
                        proxy_set_header Host $host;
                    }
                    location /assets/ {
                        proxy_pass https://weave-ui-assets.s3.amazonaws.com/;
                    }
                    location = /old-login { return 302 https://cloud.weave.works/login; }
                }
            }
            """
        let facts = read(config, path: "nginx/nginx.conf")
        #expect(Self.rows(facts.mentions) == [
            // `proxy_pass http://api` passes to the upstream `api`, whose server is the endpoint.
            "7 resolver 10.0.0.2", "9 upstream api api.weave.svc.cluster.local:80",
            "20 proxy_pass https://weave-ui-assets.s3.amazonaws.com/", "22 return https://cloud.weave.works/login",
        ])
        #expect(facts.includes == [PathReference(path: "/etc/nginx/mime.types", line: 6)])
        #expect(facts.diagnostics.isEmpty)
    }

    /// Fifty thousand nested blocks once took the reader past 5 GB (each level copied the path
    /// to it) and crashed it; past the depth limit the file stops with one located error.
    @Test func blocksNestedPastTheLimitStopTheFileWithOneError() {
        let depth = 50_000
        let facts = read("server {\n  proxy_pass http://kept.example.com;\n" + String(repeating: "location / {\n", count: depth) + String(repeating: "}\n", count: depth) + "}\n")
        #expect(Self.rows(facts.mentions) == ["2 proxy_pass http://kept.example.com"])
        #expect(facts.diagnostics.count == 1)
        #expect(facts.diagnostics.first?.summary == "blocks nest more than 64 levels deep; the rest of the file was not read")
        #expect(facts.diagnostics.first?.line == NginxParser.maxDepth + 2)
    }

    @Test func anUnclosedBlockIsLocatedAndWhatCameBeforeStillCounts() {
        let facts = read("server {\n  listen 80;\n  location / {\n    proxy_pass http://kept.example.com;\n\n")
        #expect(Self.rows(facts.mentions) == ["4 proxy_pass http://kept.example.com"])
        #expect(facts.diagnostics.map(\.line) == [3, 1])
        #expect(facts.diagnostics.allSatisfy { $0.severity == .error && $0.path == "nginx/default.conf" })
        #expect(facts.diagnostics.first?.summary == "block 'location' is never closed")
    }

    @Test(arguments: [
        ("server {\n  listen 80\n}\n", 2, "directive 'listen' is not terminated by ';'"),
        ("server { listen 80; }\n}\n", 2, "unexpected '}' with no block open"),
        ("server {\n  listen 80;\n}\nproxy_pass http://x", 4, "directive 'proxy_pass' is not terminated by ';' at the end of the file"),
        ("server {\n  return 200 \"unclosed;\n}\n", 2, "a quoted string is never closed"),
    ] as [(String, Int, String)])
    func syntaxErrorsAreLocated(config: String, line: Int, summary: String) throws {
        let diagnostic = try #require(read(config).diagnostics.first)
        #expect(diagnostic.line == line)
        #expect(diagnostic.summary == summary)
    }

    @Test(arguments: [
        // supervisord: INI, no nginx directive.
        "[program:api]\ncommand=/usr/bin/api --port 8080\nautorestart=true\n",
        // fluentd
        "<source>\n  @type forward\n  port 24224\n</source>\n<match **>\n  @type stdout\n</match>\n",
        // Apache httpd
        "ServerRoot \"/etc/httpd\"\nListen 80\n<VirtualHost *:80>\n  ProxyPass / http://backend/\n</VirtualHost>\n",
        // An unbalanced brace in something that is not nginx.
        "key = value }\nother {\n",
        // fluentd with TLS settings, squid and php-fpm: words nginx has too, lines that are no directive.
        "<match **>\n  ssl_version TLSv1_2\n  ssl_verify true\n</match>\n",
        "http_port 3128\naccess_log stdio:/dev/stdout\n",
        "[global]\ndaemonize = no\n\n[www]\nlisten = 9000\n",
    ])
    func aConfFileThatIsNotNginxGivesNoFacts(text: String) {
        let facts = read(text, path: "etc/service.conf")
        #expect(facts.isEmpty)
    }

    /// Argo CD's `argocd-cm` keeps Lua health checks in ConfigMap values, and Go programs that
    /// configure nginx live in `nginx/` folders: words nginx also uses (`if`, `return`, `set`)
    /// made them nginx with syntax errors, an exit 2 for any change touching them. Text that
    /// does not parse needs a directive only nginx has; text that parses keeps the common ones.
    @Test func textThatDoesNotParseNeedsADirectiveOnlyNginxHas() {
        let lua = """
            hs = {}
            if obj.status ~= nil then
              if obj.status.health ~= nil then
                hs.status = obj.status.health.status
                set_status(hs)
              end
            end
            return hs
            """
        #expect(NginxReader.mentions(in: lua, path: "argocd-cm.yaml", firstLine: 10) == ([], [], []))
        let go = """
            func (r *Reconciler) canaryIngress(stable *networking.Ingress) (*networking.Ingress, error) {
                if stable == nil {
                    return nil, fmt.Errorf("no stable ingress")
                }
                set := map[string]string{"nginx.ingress.kubernetes.io/canary": "true"}
                return desired, nil
            }
            """
        #expect(NginxReader.mentions(in: go, path: "nginx/nginx.go", firstLine: 1) == ([], [], []))
        // Broken nginx still shows its errors when it has a directive only nginx has…
        #expect(!NginxReader.mentions(in: "location / {\n  proxy_pass http://a.example.com\n}\n", path: "a.conf", firstLine: 1).diagnostics.isEmpty)
        #expect(!NginxReader.mentions(in: "server {\n  return 301 https://a.example.com\n}\n", path: "a.conf", firstLine: 1).diagnostics.isEmpty)
        // …and a snippet that parses needs no more than a common one.
        let snippet = NginxReader.mentions(in: "return 301 https://www.example.com$request_uri;\n", path: "redirect.conf", firstLine: 1)
        #expect(Self.rows(snippet.mentions) == ["1 return https://www.example.com"])
        #expect(NginxReader.mentions(in: "if ($x) { return 301 https://a.example.com }\n", path: "a.conf", firstLine: 1) == ([], [], []))
        // A broken quote that swallows the rest of a real file from the parsed tree: its lines
        // still show nginx, so the file is unreadable rather than gone.
        let swallowed = "set $root \"/srv;\nserver {\n  listen 80;\n  location / { proxy_pass https://a.s3.amazonaws.com/; }\n}\n"
        #expect(!NginxReader.mentions(in: swallowed, path: "site.conf", firstLine: 1).diagnostics.isEmpty)
        // `rewrite` is nginx's own: a broken file of rewrites is nginx.
        #expect(!NginxReader.mentions(in: "rewrite ^/a https://a.s3.amazonaws.com/ permanent;\nrewrite ^/b \"https://b.example.com/ permanent;\n", path: "r.conf", firstLine: 1).diagnostics.isEmpty)
        // BIND's `server ADDRESS { … };` is not nginx's `server {`.
        let named = "options {\n  directory \"/var/named\";\n};\nserver 10.0.0.2 {\n  keys { transfer; };\n};\n"
        #expect(NginxReader.mentions(in: named, path: "named.conf", firstLine: 1) == ([], [], []))
        // php-fpm's `listen = 9000`, postgresql's `ssl_cert_file = …`, HAProxy's `listen stats`.
        #expect(NginxReader.mentions(in: "[www]\nlisten = 9000\n", path: "zz-docker.conf", firstLine: 1) == ([], [], []))
        #expect(NginxReader.mentions(in: "ssl_cert_file = '/etc/ssl/a.pem'\nlisten_addresses = '*'\n", path: "postgresql.conf", firstLine: 1) == ([], [], []))
        #expect(NginxReader.mentions(in: "global\n  daemon\nlisten stats\n  bind :8404\n", path: "haproxy.conf", firstLine: 1) == ([], [], []))
        // HCL (SPIRE's server.conf) opens `server {` too, and assigns inside it.
        let spire = "server {\n  bind_address = \"0.0.0.0\"\n  server_name = \"spire\"\n  federation {\n    bundle_endpoint {\n      address = \"0.0.0.0\"\n    }\n  }\n}\nplugins {\n  DataStore \"sql\" {\n    plugin_data { database_type = \"sqlite3\" }\n  }\n}\n"
        #expect(NginxReader.mentions(in: spire, path: "server.conf", firstLine: 1) == ([], [], []))
        // …also with only assignments in the block, which nginx's parser folds into nothing.
        let flat = "server {\n  bind_address = \"0.0.0.0\"\n  bind_port = \"8081\"\n  trust_domain = \"example.org\"\n}\n\nhealth_checks {\n  listener_enabled = true\n}\n"
        #expect(NginxReader.mentions(in: flat, path: "server.conf", firstLine: 1) == ([], [], []))
        // A `map` entry `debug=1 1;` is nginx's, not an assignment: the broken file stays nginx.
        let mapped = "map $http_user_agent $bot {\n  debug=1 1;\n  \"~*bot 1;\n}\nserver {\n  return 301 https://a.s3.eu-west-1.amazonaws.com/;\n}\n"
        #expect(!NginxReader.mentions(in: mapped, path: "default.conf", firstLine: 1).diagnostics.isEmpty)
        // A broken nginx file with an exact-match location still is nginx.
        let exact = "server {\n  location = /50x.html {\n    root \"/usr/share;\n  }\n}\n"
        #expect(!NginxReader.mentions(in: exact, path: "site.conf", firstLine: 1).diagnostics.isEmpty)
    }

    /// A `proxy_pass` through a variable (`resolver` makes nginx resolve it at run time, the
    /// usual way to proxy to S3) names the values the configuration gives it with `set` or
    /// `map`; variables it does not set cut the text as before.
    @Test func proxyPassThroughAVariableNamesItsValues() {
        let config = """
            resolver 10.0.0.2 valid=30s;
            map $host $assets {
              default weave-ui-assets.s3.amazonaws.com;
              eu.example.com weave-ui-assets-eu.s3.eu-west-1.amazonaws.com;
            }
            server {
              set $bucket weave-ui-assets.s3.amazonaws.com;
              location /static/ { proxy_pass https://$bucket$request_uri; }
              location /img/ { proxy_pass https://${assets}/img/; }
              location /api/ { proxy_pass http://$upstream_host; }
            }
            """
        let found = NginxReader.mentions(in: config, path: "site.conf", firstLine: 1)
        #expect(Self.rows(found.mentions) == [
            "1 resolver 10.0.0.2",
            "8 proxy_pass https://weave-ui-assets.s3.amazonaws.com",
            "9 proxy_pass https://weave-ui-assets.s3.amazonaws.com/img/",
            "9 proxy_pass https://weave-ui-assets-eu.s3.eu-west-1.amazonaws.com/img/",
        ])
        #expect(found.diagnostics.isEmpty)
    }

    /// Untrusted input: a hundred thousand variables in one argument, eight values each.
    @Test func variableExpansionIsBounded() {
        let values = (0..<8).map { "  k\($0) v\($0).example.com;" }.joined(separator: "\n")
        let config = "map $host $a {\n\(values)\n}\nserver { location / { proxy_pass https://\(String(repeating: "$a", count: 100_000)); } }\n"
        let found = NginxReader.mentions(in: config, path: "x.conf", firstLine: 1)
        #expect(found.mentions.count <= 16)
        #expect(found.mentions.first?.text.hasPrefix("https://v0.example.comv0.example.com") == true)
    }

    /// `line context text [group]` for each mention, in file order.
    static func groupedRows(_ mentions: [Mention]) -> [String] {
        mentions.map { "\($0.line) \($0.context) \($0.text)" + ($0.group.map { " [\($0)]" } ?? "") }
    }

    /// A named location an `error_page` sends upstream failures to answers when the pass
    /// fails: its passes are alternatives to that pass, not needs of their own.
    @Test func anErrorPageFallbackIsAnAlternativeToThePass() {
        let config = """
            server {
              error_page 500 502 503 504 = @maintenance;
              location /api/ { proxy_pass http://api.shop.svc:8080; }
              location /static/ {
                error_page 404 /404.html;
                proxy_pass https://assets.s3.us-east-1.amazonaws.com;
              }
              location @maintenance { proxy_pass https://status.s3.eu-west-1.amazonaws.com; }
              location /old/ {
                error_page 502 =200 https://mirror.example.com/old/;
                proxy_pass http://legacy.example.com;
              }
            }
            """
        let found = NginxReader.mentions(in: config, path: "site.conf", firstLine: 1)
        #expect(Self.groupedRows(found.mentions) == [
            "3 proxy_pass http://api.shop.svc:8080 [location /api/ (line 3) or its error_page fallback @maintenance]",
            "8 proxy_pass in fallback @maintenance https://status.s3.eu-west-1.amazonaws.com [location /api/ (line 3) or its error_page fallback @maintenance]",
            // Its own error_page (a local page, and for 404) replaces the server's.
            "6 proxy_pass https://assets.s3.us-east-1.amazonaws.com",
            // A redirect to another page is no stand-in: users get an outage page.
            "11 proxy_pass http://legacy.example.com",
        ])
        #expect(found.diagnostics.isEmpty)
    }

    /// nginx looks a named location up in the server handling the request: each server's
    /// `@fallback` stands in for its own passes only, and one the server lacks for none.
    @Test func fallbacksAreLookedUpInTheirServer() {
        let config = """
            server {
              location / { proxy_pass http://a.example.com; error_page 502 = @fallback; }
              location @fallback { proxy_pass https://cdn-a.example.com; }
            }
            server {
              location / { proxy_pass https://assets.s3.amazonaws.com; error_page 502 = @fallback; }
              location @fallback { proxy_pass https://backup.s3.amazonaws.com; }
            }
            server {
              location / { proxy_pass https://c.s3.amazonaws.com; error_page 502 = @missing; }
            }
            """
        let rows = Self.groupedRows(NginxReader.mentions(in: config, path: "site.conf", firstLine: 1).mentions)
        #expect(rows.filter { $0.hasSuffix("(line 6) or its error_page fallback @fallback]") }.map { String($0.prefix(while: { $0 != "[" })) } == [
            "6 proxy_pass https://assets.s3.amazonaws.com ", "7 proxy_pass in fallback @fallback https://backup.s3.amazonaws.com ",
        ])
        #expect(rows.contains("10 proxy_pass https://c.s3.amazonaws.com [location / (line 10) or its error_page fallback @missing]"))
        #expect(rows.count == 5)
    }

    /// Untrusted input: thousands of `error_page`s and fallback locations give each pass at
    /// most eight fallbacks.
    @Test func fallbacksAreBounded() {
        let count = 3_000
        let pages = (0..<count).map { "error_page 502 @f\($0);" }.joined(separator: "\n")
        let named = (0..<count).map { "location @f\($0) { proxy_pass http://f\($0).example.com; }" }.joined(separator: "\n")
        let passes = (0..<count).map { "location /p\($0) { proxy_pass http://p\($0).example.com; }" }.joined(separator: "\n")
        let found = NginxReader.mentions(in: "server {\n\(pages)\n\(named)\n\(passes)\n}\n", path: "x.conf", firstLine: 1)
        #expect(found.mentions.count == count * (1 + NginxReader.maximumFailovers))
    }

    /// A named location reached for anything but an upstream failure serves requests: what it
    /// passes to is needed.
    @Test(arguments: [
        "location / { try_files $uri @app; }\nlocation /api/ { proxy_pass http://api.example.com; error_page 502 = @app; }\n",
        "location / { error_page 404 = @app; }\nlocation /api/ { proxy_pass http://api.example.com; error_page 502 = @app; }\n",
    ])
    func aNamedLocationReachedOtherwiseIsNeeded(routes: String) {
        let config = "server {\n\(routes)location @app { proxy_pass https://app.example.com; }\n}\n"
        let found = NginxReader.mentions(in: config, path: "site.conf", firstLine: 1)
        #expect(found.mentions.contains { $0.text == "https://app.example.com" && $0.group == nil })
    }

    /// An upstream only passes with a fallback use is needed through their groups alone; one
    /// a pass without a fallback uses stays needed as a group of its own.
    @Test func anUpstreamBehindAFallbackJoinsItsGroup() {
        let covered = """
            upstream api { server api-1.example.com; server api-2.example.com backup; }
            server {
              location / { proxy_pass http://api; error_page 502 504 = @sorry; }
              location @sorry { proxy_pass https://sorry.example.net; }
            }
            """
        let group = "[location / (line 3) or its error_page fallback @sorry]"
        #expect(Self.groupedRows(NginxReader.mentions(in: covered, path: "a.conf", firstLine: 1).mentions) == [
            "1 upstream api api-1.example.com \(group)", "1 upstream api api-2.example.com \(group)",
            "4 proxy_pass in fallback @sorry https://sorry.example.net \(group)",
        ])
        let alsoPlain = covered.replacingOccurrences(of: "  location @sorry", with: "  location /v2 { proxy_pass http://api/v2; }\n  location @sorry")
        let rows = Self.groupedRows(NginxReader.mentions(in: alsoPlain, path: "a.conf", firstLine: 1).mentions)
        #expect(rows.contains("1 upstream api api-1.example.com [upstream api]"))
        #expect(rows.contains("1 upstream api api-1.example.com \(group)"))
        #expect(!rows.contains { $0.hasSuffix("/v2") })
    }

    /// Each upstream keeps its own servers, however many upstreams precede it (they are taken
    /// as the last mentions added, never by walking all the mentions so far).
    @Test func manyUpstreamsEachKeepTheirOwnServers() {
        let upstreams = (0..<50).map { "upstream u\($0) { server a\($0).example.com; server b\($0).example.com; }" }.joined(separator: "\n")
        let config = upstreams + "\nserver {\n  location / { proxy_pass http://u37; error_page 502 = @sorry; }\n  location @sorry { proxy_pass https://sorry.example.net; }\n}\n"
        let group = "[location / (line 52) or its error_page fallback @sorry]"
        let rows = Self.groupedRows(NginxReader.mentions(in: config, path: "a.conf", firstLine: 1).mentions)
        #expect(rows.filter { $0.hasSuffix(group) } == [
            "38 upstream u37 a37.example.com \(group)", "38 upstream u37 b37.example.com \(group)",
            "53 proxy_pass in fallback @sorry https://sorry.example.net \(group)",
        ])
        #expect(rows.count == 49 * 2 + 3)
        #expect(rows.contains("50 upstream u49 b49.example.com [upstream u49]"))
    }

    /// Lua long strings and long comments may hold braces and quotes; lines inside still count.
    @Test func luaLongBracketsHideTheirBraces() {
        let config = """
            server {
              location /lua {
                content_by_lua_block {
                  local page = [[<style>body { color: red }</style>]]
                  local other = [==[ ]] } ]==]
                  --[[ a } in a long comment,
                       over "lines ]]
                  ngx.say(page, "\\
            }")
                }
              }
              location / { proxy_pass http://after-lua.example.com; }
            }
            """
        let found = NginxReader.mentions(in: config, path: "site.conf", firstLine: 1)
        #expect(found.diagnostics.isEmpty, "\(found.diagnostics)")
        #expect(Self.rows(found.mentions) == ["12 proxy_pass http://after-lua.example.com"])
        let unclosed = NginxReader.mentions(in: "server {\n  content_by_lua_block {\n    local s = [[ never closed\n}\n}\n", path: "x.conf", firstLine: 1)
        #expect(unclosed.diagnostics.map(\.summary).contains("Lua block is never closed"))
    }

    /// `return` with a code other than a redirect's sends its text as the body.
    @Test func aReturnBodyIsNoRedirect() {
        let found = NginxReader.mentions(in: "location /a { return 200 \"https://a.example.com\"; }\nlocation /b { return 302 https://b.example.com; }\n", path: "x.conf", firstLine: 1)
        #expect(Self.rows(found.mentions) == ["2 return https://b.example.com"])
    }

    @Test func nonUTF8BytesAreWarnedAboutAndTheRestIsRead() {
        var bytes = Array("# caf".utf8) + [0xE9] + Array("\nserver {\n  location / { proxy_pass http://latin1.example.com; }\n}\n".utf8)
        let facts = reader.read(path: "nginx/site.conf", bytes: bytes)
        #expect(Self.rows(facts.mentions) == ["3 proxy_pass http://latin1.example.com"])
        #expect(facts.diagnostics.map(\.severity) == [.warning])
        #expect(facts.diagnostics.first?.line == 1)
        bytes = [0xFF, 0xFE, 0x00, 0x01]
        #expect(reader.read(path: "nginx/binary.conf", bytes: bytes).isEmpty)
    }

    @Test func textInsideAnotherFileIsLocatedInThatFile() {
        let text = "server {\n  location / {\n    proxy_pass http://ui.example.com;\n  }\n"
        let found = NginxReader.mentions(in: text, path: "k8s/ui-config.yaml", firstLine: 12)
        #expect(Self.rows(found.mentions) == ["14 proxy_pass http://ui.example.com"])
        #expect(found.diagnostics.map(\.line) == [12])
        #expect(found.diagnostics.allSatisfy { $0.path == "k8s/ui-config.yaml" })
        #expect(NginxReader.mentions(in: "just: text\n", path: "k.yaml", firstLine: 3).diagnostics.isEmpty)
    }

    @Test func aConfigMapValueIsLocatedInItsManifest() throws {
        let manifest = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: ui-nginx
            data:
              default.conf: |
                server {
                  listen 80;
                  location /assets/ {
                    proxy_pass https://weave-ui-assets.s3.amazonaws.com/;
                  }
                }
            """
        let loaded = YAMLLoader().load(Array(manifest.utf8), path: "k8s/ui-nginx.yaml")
        let value = try #require(loaded.documents.first?.root["data"]?["default.conf"])
        let found = NginxReader.mentions(in: try #require(value.string), path: "k8s/ui-nginx.yaml", firstLine: value.line + 1)
        #expect(Self.rows(found.mentions) == ["10 proxy_pass https://weave-ui-assets.s3.amazonaws.com/"])
        #expect(found.diagnostics.isEmpty)
    }

    @Test(arguments: [
        ("nginx.conf", true), ("deploy/nginx.conf.template", true), ("templates/default.conf.template", true), ("site.conf", true), ("etc/nginx/mime.types", true),
        ("nginx/default", true), ("conf.d/api", true), ("sites-enabled/example.com", true), ("sites-available/x", true),
        ("nginx/deployment.yaml", false), ("nginx/Dockerfile", false), ("nginx/README.md", false),
        ("src/main.swift", false), ("confd/x", false), ("nginx-docs/x", false),
        ("rollout/trafficrouting/nginx/nginx.go", false), ("nginx/nginx_test.go", false), ("nginx/go.mod", false), ("conf.d/upstream.lua", false),
        ("conf.d/api.example.com", true), ("nginx/snippets/ssl.inc", true),
        ("roles/nginx/templates/vhost.j2", false), ("nginx.conf.j2", false), ("nginx/nginx.tmpl", false), ("conf.d/site.conf.erb", false),
    ] as [(String, Bool)])
    func acceptsNginxPaths(path: String, accepted: Bool) {
        #expect(reader.accepts(path: path) == accepted)
    }
}

/// `mayNameDirective` only ever spares work: whenever it says no, reading the text as nginx
/// finds nothing either.
@Suite struct NginxDirectivePrefilterTests {
    @Test func answersForTypicalTexts() {
        #expect(NginxReader.mayNameDirective("server {\n  listen 80;\n}\n"))
        #expect(NginxReader.mayNameDirective("se\\rver { }"))
        #expect(NginxReader.mayNameDirective("\"location\" / { proxy_pass http://x; }"))
        #expect(NginxReader.mayNameDirective("proxy_set_header Host x;"))
        // A Grafana dashboard names `alias` and `map` only inside longer words.
        #expect(!NginxReader.mayNameDirective(#"{"aliasColors": {}, "mappings": [], "expr": "sum by (server) (x)"}"#))
        #expect(!NginxReader.mayNameDirective("DATABASE_URL=postgres://db.example.com/app"))
    }

    @Test(arguments: [31, 32, 33, 34, 35, 36])
    func neverHidesWhatTheParserFinds(seed: UInt64) {
        var g = SplitMix64(state: seed)
        let pieces = [
            "server", "listen", "proxy_", "pass", "ssl_", "http", "map", "if", "set", "alias", "mappings", "x", "Server", " ", " ",
            "\n", ";", "{", "}", "\"", "'", "\\", "#", "$", "${a}", "80", "https://b.s3.amazonaws.com", "_", "-",
        ]
        var spared = 0
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 1...12, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
            var parser = NginxParser(text: text, firstLine: 1)
            let looksLikeNginx = NginxReader.looksLikeNginx(parser.parse())
            if !NginxReader.mayNameDirective(text) {
                spared += 1
                #expect(!looksLikeNginx, "\(text.debugDescription)")
            }
        }
        // The filter must actually spare some texts, or it would be pointless.
        #expect(spared > 200)
    }
}
