import Testing

@testable import Readers

@Suite struct EndpointExtractorTests {
    @Test(
        arguments: [
            (
                "ASSETS_URL=https://weave-ui-assets.s3.amazonaws.com/static",
                ["https://weave-ui-assets.s3.amazonaws.com/static"]
            ),
            (
                "<script src=\"https://d111111abcdef8.cloudfront.net/app.js\"></script>",
                ["https://d111111abcdef8.cloudfront.net/app.js"]
            ),
            ("aws s3 sync dist/ s3://weave-ui-assets/static --delete", ["s3://weave-ui-assets/static"]),
            (
                "DATABASE_URL=jdbc:postgresql://users.c9akciq32.us-east-1.rds.amazonaws.com:5432/users",
                ["postgresql://users.c9akciq32.us-east-1.rds.amazonaws.com:5432/users"]
            ),
            ("proxy_pass http://ui.weave.svc.cluster.local:80;", ["http://ui.weave.svc.cluster.local:80"]),
            ("See https://status.quay.io. Then retry.", ["https://status.quay.io"]),
            ("Resource: arn:aws:s3:::weave-ui-assets/*", ["arn:aws:s3:::weave-ui-assets/*"]),
            ("role_arn = \"arn:aws:iam::123456789012:role/deploy\"", ["arn:aws:iam::123456789012:role/deploy"]),
            (
                "host: users.c9akciq32.eu-west-2.rds.amazonaws.com:5432",
                ["users.c9akciq32.eu-west-2.rds.amazonaws.com:5432"]
            ),
            ("BUCKET_HOST=assets.storage.googleapis.com REGION=us-east-1", ["assets.storage.googleapis.com"]),
            ("url(https://a.example.com/x.png), url(https://a.example.com/x.png)", ["https://a.example.com/x.png"]),
            ("kubectl apply -f deploy.yaml && cat index.html", []),
            ("replicas: 3 # version 1.2.3", []),
            ("no endpoints here", []),
            (
                "--endpoint-url=https://s3.eu-west-1.amazonaws.com/b?x-id=PutObject&a=1",
                ["https://s3.eu-west-1.amazonaws.com/b?x-id=PutObject&a=1"]
            ),
            (
                "export REGISTRY=123456789012.dkr.ecr.us-east-1.amazonaws.com",
                ["123456789012.dkr.ecr.us-east-1.amazonaws.com"]
            ),
            // Protocol-relative, as pages and stylesheets load assets; `///path` has no host.
            ("//web-assets.s3.amazonaws.com/app.js", ["web-assets.s3.amazonaws.com/app.js"]),
            ("///usr/share/web.example.com", []),
            (
                "gs://weave-builds/1.tar gs://weave-builds/2.tar",
                ["gs://weave-builds/1.tar", "gs://weave-builds/2.tar"]
            ),
            // Links a reader follows load nothing: Markdown links and `<a href>`, escaped or not.
            (
                "\"content\": \"See [troubleshooting](https://github.com/acme/x/blob/main/t.md) or https://status.example.com\"",
                ["https://status.example.com"]
            ),
            (
                "\"<a class=\\\"x\\\" HREF=\\\"https://docs.example.com\\\">docs</a><link href=\\\"https://cdn.example.com/a.css\\\">\"",
                ["https://cdn.example.com/a.css"]
            ),
            ("<area href=\"https://map.example.com\">", ["https://map.example.com"]),
            // A Markdown image is loaded by the page showing it; a link around one is not.
            (
                "\"content\": \"![status](https://badges.example.com/s.svg) [![logo](https://cdn.example.com/l.png)](https://example.org/home)\"",
                ["https://badges.example.com/s.svg", "https://cdn.example.com/l.png"]
            ),
            // An SSH known_hosts entry pins a host's key; it is no connection to the host.
            ("github.com ssh-rsa AAAAB3NzaC1yc2EAAAABIwAAAQEAq2A7hRGmdnm9", []),
            (
                "github.com,140.82.112.3 ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAI\n"
                    + "[gitlab.com]:22 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAfuCHKVTjquxvt6CM6tdG4SLp1Btn comment.example.com\n"
                    + "repo: https://bitbucket.org/acme/app.git",
                ["https://bitbucket.org/acme/app.git"]
            ),
            ("@cert-authority *.example.com sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29t", []),
            ("@revoked git.example.com ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ== old", []),
            ("|1|F1E1KeoE/eEWhi10WpGv4OdiO6Y=|3988QV0VE8wmZL7suNrYQLITLCg= ssh-rsa AAAAB3NzaC1yc2EAAAABIwAAAQEA", []),
            // Not an entry: no key type, or no base64 key after it.
            ("github.com ssh AAAAB3NzaC1yc2EAAAABIwAAAQEAq2A7hRGmdnm9", ["github.com"]),
            ("git clone ssh-rsa github.com", ["github.com"]),
            ("ssh-keyscan github.com AAAA", ["github.com"]),
        ] as [(String, [String])])
    func findsCandidates(text: String, expected: [String]) {
        #expect(EndpointExtractor.candidates(in: text) == expected)
    }

    @Test func candidatesClassify() {
        let text = "ASSETS=https://weave-ui-assets.s3.amazonaws.com/static CI=https://circleci.com/gh/weave/ui"
        let classifier = EndpointClassifier()
        let domains = EndpointExtractor.candidates(in: text).compactMap { classifier.classify($0) }.flatMap(\.domainIDs)
        #expect(domains == ["service:aws/us-east-1/s3", "saas:circleci"])
    }
}
