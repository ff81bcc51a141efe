import Testing

@testable import Readers

@Suite struct DockerBuildScannerTests {
    func builds(_ script: String, in directory: String = ".", roots: [String] = ["$CI_PROJECT_DIR"]) -> [String] {
        var scanner = DockerBuildScanner(workingDirectory: directory, rootSpellings: roots)
        return scanner.builds(in: script, firstLine: 10).map {
            "\($0.line) \($0.image) \($0.context)" + ($0.dockerfile.map { " -f \($0)" } ?? "")
        }
    }

    @Test(arguments: [
        ("docker build -t quay.io/weaveworks/ui:latest .", ["10 quay.io/weaveworks/ui:latest ."]),
        ("docker build --tag=registry.example.com/api:$TAG --build-arg VERSION=1 -f build/Dockerfile.api services/api",
         ["10 registry.example.com/api services/api -f build/Dockerfile.api"]),
        ("docker buildx build --platform linux/amd64,linux/arm64 --push -t ghcr.io/org/app:${{ github.sha }} -t ghcr.io/org/app:latest ./app",
         ["10 ghcr.io/org/app app", "10 ghcr.io/org/app:latest app"]),
        ("set -e\ncd frontend\ndocker build -t web:1 .\ncd ..\ndocker image build -tapi:2 -f api/Dockerfile api",
         ["12 web:1 frontend", "14 api:2 api -f api/Dockerfile"]),
        ("docker build \\\n  -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA \\\n  $CI_PROJECT_DIR/ui && docker push $CI_REGISTRY_IMAGE",
         ["10 $CI_REGISTRY_IMAGE ui"]),
        ("echo 'docker build -t not-a-build .' # docker build -t comment .\nDOCKER_BUILDKIT=1 sudo docker build -t real:1 .",
         ["11 real:1 ."]),
        ("docker build -t from-url https://github.com/org/repo.git#main\ndocker build -t stdin:1 - < Dockerfile\ndocker build .",
         ["10 from-url https://github.com/org/repo.git#main", "11 stdin:1 -"]),
        ("podman build -t quay.io/org/p:1 .\nbuildah bud -t quay.io/org/b:1 -f Containerfile ctx", ["10 quay.io/org/p:1 .", "11 quay.io/org/b:1 ctx -f Containerfile"]),
        ("/kaniko/executor --context \"${CI_PROJECT_DIR}/app\" --dockerfile \"${CI_PROJECT_DIR}/app/Dockerfile\" --destination \"${CI_REGISTRY_IMAGE}:${CI_COMMIT_TAG}\"",
         ["10 ${CI_REGISTRY_IMAGE} app -f app/Dockerfile"]),
        ("/kaniko/executor --context git://github.com/org/svc.git#refs/heads/main --destination svc:2", ["10 svc:2 git://github.com/org/svc.git#refs/heads/main"]),
        // GitLab's documented kaniko job.
        ("/kaniko/executor --context $CI_PROJECT_DIR --dockerfile $CI_PROJECT_DIR/Dockerfile --destination $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG",
         ["10 $CI_REGISTRY_IMAGE . -f Dockerfile"]),
        ("/kaniko/executor --context dir://svc --dockerfile Dockerfile.prod --destination=registry.example.com/svc:1.0 --cache=true",
         ["10 registry.example.com/svc:1.0 svc -f svc/Dockerfile.prod"]),
        ("docker --context remote build -t remote-ctx:1 .\ndocker run --rm alpine echo build", ["10 remote-ctx:1 ."]),
        ("docker build -t \"two words\":1 -t x:$(git rev-parse --short HEAD) .", ["10 two words:1 .", "10 x ."]),
        ("cd web\r\ndocker build \\\r\n  -t crlf:1 .\r\n", ["11 crlf:1 web"]),
        ("cat <<EOF | kubectl apply -f -\ndocker build -t in-heredoc:1 .\nEOF\ndocker build -t after:1 .", ["13 after:1 ."]),
        ("cat <<-'END' > x; docker build -t same-line:1 .\n\tdocker build -t in-body:1 .\n\tEND\ndocker build -t after:2 .",
         ["10 same-line:1 .", "13 after:2 ."]),
        ("docker build -t here-string:1 . <<< input\ndocker build -t next-line:1 .\ninput\n", ["10 here-string:1 .", "11 next-line:1 ."]),
    ] as [(String, [String])])
    func buildsAreFoundInScripts(script: String, expected: [String]) {
        #expect(builds(script, roots: ["$CI_PROJECT_DIR", "${CI_PROJECT_DIR}"]) == expected)
    }

    @Test func theWorkingDirectoryPlacesContextsAndCanLeaveTheCheckout() {
        #expect(builds("docker build -t a:1 ../shared", in: "services/api") == ["10 a:1 services/shared"])
        #expect(builds("docker build -t a:1 .", in: "~/project/web", roots: ["~/project"]) == ["10 a:1 web"])
        #expect(builds("docker build -t a:1 /opt/build") == ["10 a:1 /opt/build"])
        #expect(builds("cd /tmp/work\ndocker build -t a:1 ./app") == ["11 a:1 /tmp/work/app"])
        #expect(builds("docker build -t a:1 .", in: "/srv/ci") == ["10 a:1 /srv/ci"])
        #expect(builds("cd $SRC\ndocker build -t a:1 app/..") == ["11 a:1 $SRC"])
        #expect(builds("pushd src/$SERVICE\ndocker build -t b:1 .\npopd\ndocker build -t c:1 .") == ["11 b:1 src/$SERVICE", "13 c:1 ."])
    }

    @Test(arguments: [
        ("nginx:1.25", "nginx:1.25"), ("ghcr.io/org/app:${{ github.sha }}", "ghcr.io/org/app"),
        ("localhost:5000/app", "localhost:5000/app"), ("localhost:5000/app:$TAG", "localhost:5000/app"),
        ("$CI_REGISTRY_IMAGE", "$CI_REGISTRY_IMAGE"), ("app@sha256:abc", "app@sha256:abc"),
    ] as [(String, String)])
    func aTagThatIsNotLiteralIsDropped(tag: String, image: String) {
        #expect(DockerBuildScanner.imageName(tag) == image)
    }
}
