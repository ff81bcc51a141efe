import Foundation
import Testing
import TestSupport

@Suite struct CheckCommandTests {
    @Test func aChangeThatAddsASingleRegionDependencyFails() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("Serve UI assets from S3")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 1)
        #expect(result.output.contains("FAIL"))
        #expect(result.output.contains("single-region"))
        #expect(result.output.contains("service:aws/us-east-1/s3"))
        #expect(result.output.contains("k8s:Ingress/weave/ui → k8s:Service/weave/ui → k8s:Deployment/weave/ui → k8s:ConfigMap/weave/ui-config → url:weave-ui-assets.s3.amazonaws.com"))
        #expect(result.output.contains("at k8s/ui.yaml:39"))
        #expect(result.output.contains("+ url:weave-ui-assets.s3.amazonaws.com [bucket]"))
    }

    /// A payments API the UI starts calling is a SaaS it now cannot serve without; an error
    /// tracker it starts reporting to is not (telemetry is not in the catalog).
    @Test func aPaymentsAPIFailsAsASingleSaaSAndAnErrorTrackerDoesNot() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: "https://api.stripe.com/v1/"))
        try s.commit("Take payments")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("error single-saas: k8s:Ingress/weave/ui now goes down when saas:stripe fails"))
        #expect(result.output.contains("→ url:api.stripe.com  (in saas:stripe)"))
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: "https://o4504.ingest.sentry.io/4505"))
        try s.commit("Report errors instead")
        let tracker = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(tracker.status == 0, "\(tracker.output)")
        #expect(tracker.output.contains("saas:stripe"), "what the change resolved is listed")
    }

    /// A managed database whose host names its region is a single-region dependency as well
    /// as a SaaS one.
    @Test func aManagedDatabaseInOneRegionFailsAsSingleRegionAndSingleSaaS() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: "postgresql://ui@ep-cool-123-pooler.c-5.us-east-2.aws.neon.tech/ui"))
        try s.commit("Keep sessions in Neon")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "json"], in: s)
        #expect(result.status == 1, "\(result.output)")
        let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        let findings = json?["findings"] as? [[String: Any]] ?? []
        let pairs = Set(findings.map { "\($0["rule"] as? String ?? "") \(($0["scenario"] as? [String: Any])?["id"] as? String ?? "")" })
        #expect(pairs == ["single-region region:aws/us-east-2", "single-saas saas:neon"], "\(pairs)")
    }

    /// A Kustomize overlay moving the image to Docker Hub fails at the overlay's line, though
    /// no manifest changed.
    @Test func anImageMovedByAKustomizationFailsAtItsLine() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/kustomization.yaml", "resources: [ui.yaml]\n")
        try s.commit("Kustomize the UI")
        try s.write("k8s/kustomization.yaml", "resources: [ui.yaml]\nimages:\n- name: 123456789012.dkr.ecr.us-east-1.amazonaws.com/weave/ui\n  newName: weaveworks/ui\n")
        try s.commit("Pull the UI from Docker Hub")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("saas:dockerhub"))
        #expect(result.output.contains("at k8s/kustomization.yaml:4"))
    }

    /// The seed's change made in a Helm chart's values: the release behind the chart's
    /// ingress now serves its assets from S3 in us-east-1, which fails at the values line,
    /// though no manifest changed and the chart is never rendered.
    @Test func assetsMovedToS3InAHelmChartsValuesFail() throws {
        let s = try WeaveFixture.make()
        let values = "image:\n  repository: gcr.io/weaveworks/ui\n  tag: \"1.0\"\ningress:\n  enabled: true\nassets:\n  baseUrl: /static\n"
        try s.write("charts/ui/Chart.yaml", "apiVersion: v2\nname: ui\nversion: 1.0.0\n")
        try s.write("charts/ui/values.yaml", values)
        try s.commit("a chart for the UI")
        try s.write("charts/ui/values.yaml", values.replacing("/static", with: "https://weave-ui-assets.s3.amazonaws.com"))
        try s.commit("Serve the chart's assets from S3")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("helm:charts/ui/values.yaml → url:weave-ui-assets.s3.amazonaws.com"))
        #expect(result.output.contains("at charts/ui/values.yaml:7"))
    }

    /// Host keys pinned in a chart's values (argo-cd's `config.knownHosts`) connect to
    /// nothing: adding them makes the release need no SaaS, and the check passes.
    @Test func hostKeysAddedToAChartsValuesPass() throws {
        let s = try WeaveFixture.make()
        let values = "image: {registry: docker.io, repository: bitnami/nginx, tag: 1.29.0}\nservice: {type: LoadBalancer}\n"
        try s.write("chart/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.0.0\n")
        try s.write("chart/values.yaml", values)
        try s.commit("a chart")
        try s.write("chart/values.yaml", values + "config:\n  knownHosts: |\n    github.com ssh-rsa AAAAB3NzaC1yc2EAAAABIwAAAQEAq2A7hRGmdnm9\n")
        try s.commit("pin GitHub's host key")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("saas:github"))
    }

    /// The seed's change made in a Kustomize overlay's patch: prod's ConfigMap value moves to
    /// the bucket in a patch file, which fails at the patch's line; the base and the dev
    /// overlay are unchanged.
    @Test func assetsMovedToS3InAnOverlaysPatchFail() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/kustomization.yaml", "resources: [ui.yaml]\n")
        try s.write("overlays/prod/kustomization.yaml", "resources: [../../k8s]\npatches:\n- path: assets.yaml\n")
        let patch = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ui-config, namespace: weave}\ndata:\n  ASSETS_URL: /static/v2/\n"
        try s.write("overlays/prod/assets.yaml", patch)
        try s.commit("a prod overlay")
        let same = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(same.status == 0, "\(same.output)")
        try s.write("overlays/prod/assets.yaml", patch.replacing("/static/v2/", with: WeaveFixture.bucket))
        try s.commit("Serve prod's assets from S3")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("k8s:ConfigMap/weave/ui-config → url:weave-ui-assets.s3.amazonaws.com"), "\(result.output)")
        #expect(result.output.contains("at overlays/prod/assets.yaml:5"), "\(result.output)")
    }

    /// The same change written as a JSON 6902 operation on the ConfigMap fails too, at the
    /// operation's value.
    @Test func assetsMovedToS3InAnOverlaysJSONPatchFail() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/kustomization.yaml", "resources: [ui.yaml]\n")
        let kustomization = "resources: [../../k8s]\npatchesJson6902:\n- target: {version: v1, kind: ConfigMap, name: ui-config, namespace: weave}\n  path: assets.yaml\n"
        try s.write("overlays/prod/kustomization.yaml", kustomization)
        let operation = "- op: replace\n  path: /data/ASSETS_URL\n  value: /static/v2/\n"
        try s.write("overlays/prod/assets.yaml", operation)
        try s.commit("a prod overlay")
        let same = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(same.status == 0, "\(same.output)")
        try s.write("overlays/prod/assets.yaml", operation.replacing("/static/v2/", with: WeaveFixture.bucket))
        try s.commit("Serve prod's assets from S3")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("k8s:ConfigMap/weave/ui-config → url:weave-ui-assets.s3.amazonaws.com"), "\(result.output)")
        #expect(result.output.contains("at overlays/prod/assets.yaml:3"), "\(result.output)")
    }

    /// Removing the only Ingress leaves no entrypoint: the workloads are not taken for
    /// entrypoints in head (they would be newly exposed), and a warning says what went.
    @Test func removingTheOnlyEntrypointWarnsInsteadOfFailing() throws {
        let s = try WeaveFixture.make()
        var documents = WeaveFixture.manifest().components(separatedBy: "---\n")
        documents.removeAll { $0.contains("kind: Ingress") }
        // An internal cache beside the UI, pulled from Docker Hub: newly exposed if it stood in.
        documents.append("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cache, namespace: weave}\nspec:\n  template:\n    metadata: {labels: {app: cache}}\n    spec:\n      containers: [{name: redis, image: redis:7}]\n")
        try s.write("k8s/ui.yaml", documents.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }.joined(separator: "---\n"))
        try s.commit("retire the public UI")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("this change removes every entrypoint the base had (k8s:Ingress/weave/ui)"), "\(result.output)")
        #expect(result.output.contains("what they reached stands in for them in this check (k8s:Service/weave/ui)"), "\(result.output)")
    }

    /// Moving the front door to a kind Faultline does not read (a Traefik IngressRoute) in the
    /// change that also moves the assets to S3: what the Ingress reached stands in for it, so
    /// the regression still fails.
    @Test func aRegressionMadeWhileTheOnlyEntrypointGoesStillFails() throws {
        let s = try WeaveFixture.make()
        var documents = WeaveFixture.manifest(assets: WeaveFixture.bucket).components(separatedBy: "---\n")
        documents.removeAll { $0.contains("kind: Ingress") }
        documents.append("apiVersion: traefik.io/v1alpha1\nkind: IngressRoute\nmetadata: {name: ui, namespace: weave}\nspec:\n  routes: [{match: Host(`cloud.weave.works`), kind: Rule, services: [{name: ui, port: 80}]}]\n")
        try s.write("k8s/ui.yaml", documents.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }.joined(separator: "---\n"))
        try s.commit("serve the UI through Traefik, its assets from S3")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("k8s:Service/weave/ui now goes down when service:aws/us-east-1/s3 fails"), "\(result.output)")
    }

    /// Go code in an `nginx/` folder and Lua health checks in Argo CD's `argocd-cm` are not
    /// nginx: a change to them passes instead of failing as unreadable files (exit 2).
    @Test func aChangeToCodeThatIsNotNginxPasses() throws {
        let s = try WeaveFixture.make()
        let go = "package nginx\n\nfunc canary(weight int) error {\n\tif weight > 100 {\n\t\treturn fmt.Errorf(\"weight %d\", weight)\n\t}\n\treturn nil\n}\n"
        let lua = "  resource.customizations.health.argoproj.io_Application: |\n    hs = {}\n    if obj.status ~= nil then\n      hs.status = obj.status.health.status\n    end\n    return hs\n"
        let configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argocd-cm, namespace: argocd}\ndata:\n"
        try s.write("controller/nginx/nginx.go", go)
        try s.write("argocd/argocd-cm.yaml", configMap + lua)
        try s.commit("canary weights and a health check")
        try s.write("controller/nginx/nginx.go", go.replacing("weight > 100", with: "weight < 0 || weight > 100"))
        try s.write("argocd/argocd-cm.yaml", configMap + lua.replacing("    return hs", with: "    hs.message = \"checked\"\n    return hs"))
        try s.commit("check negative weights")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("not terminated"), "\(result.output)")
    }

    /// An nginx `error_page` fallback answers only when the pass fails: a maintenance page
    /// in one S3 region behind it exposes nothing, while the same bucket as the pass does.
    @Test func anNginxFallbackToOneRegionPassesWhereAPassFails() throws {
        let s = try WeaveFixture.make()
        let manifest = WeaveFixture.manifest()
        func site(_ locations: String) -> String {
            manifest + "\n  default.conf: |\n    server {\n      location /api/ { proxy_pass http://api.weave.svc:8080; }\n"
                + locations + "    }\n"
        }
        try s.write("k8s/ui.yaml", site(""))
        try s.commit("the UI proxies its API")
        try s.write("k8s/ui.yaml", site("""
                  error_page 502 503 504 = @status;
                  location @status { proxy_pass https://weave-status.s3.amazonaws.com; }

            """))
        try s.commit("a status page while the API is down")
        let fallback = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(fallback.status == 0, "\(fallback.output)")
        try s.write("k8s/ui.yaml", site("""
                  location /static/ { proxy_pass https://weave-ui-assets.s3.amazonaws.com; }

            """))
        try s.commit("assets from S3")
        let pass = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(pass.status == 1, "\(pass.output)")
        #expect(pass.output.contains("k8s/ui.yaml"), "\(pass.output)")
    }

    /// The seed's change made in the image instead of the manifest: an `ENV` in the UI's
    /// Dockerfile fails at its line; the same `ENV` under a container env of the same name,
    /// or a key of the ConfigMap the UI reads through envFrom, which replace it, does not.
    @Test func theSeedsChangeInADockerfileEnvFailsAtItsLine() throws {
        let s = try WeaveFixture.make()
        try s.write("ui/Dockerfile", "FROM nginx:1.25\nCOPY dist /usr/share/nginx/html\n")
        try s.commit("the UI's image")
        try s.write("ui/Dockerfile", "FROM nginx:1.25\nCOPY dist /usr/share/nginx/html\nENV FONTS_URL=\(WeaveFixture.bucket)fonts/\n")
        try s.commit("fonts from S3")
        let moved = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(moved.status == 1, "\(moved.output)")
        #expect(moved.output.contains("ui/Dockerfile:3"), "\(moved.output)")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest().replacing(
            "      envFrom:", with: "      env:\n            - {name: FONTS_URL, value: /fonts/}\n          envFrom:"))
        try s.commit("the cluster serves its own fonts")
        let overridden = try FaultlineBinary.run(["check", "--base", "HEAD~2"], in: s)
        #expect(overridden.status == 0, "\(overridden.output)")
        // The fixture's ConfigMap, read through envFrom, sets ASSETS_URL.
        try s.write("ui/Dockerfile", "FROM nginx:1.25\nCOPY dist /usr/share/nginx/html\nENV FONTS_URL=\(WeaveFixture.bucket)fonts/\nENV ASSETS_URL=\(WeaveFixture.bucket)\n")
        try s.commit("a default the ConfigMap replaces")
        let configMap = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(configMap.status == 0, "\(configMap.output)")
    }

    /// The bucket the assets move to, declared with the terraform-aws-modules S3 module in
    /// eu-west-1: the URL is that bucket, so the failure names its real region and the call.
    @Test func theSeedsBucketDeclaredWithARegistryModuleFailsInItsRegion() throws {
        let s = try WeaveFixture.make()
        try s.write("terraform/assets.tf", """
            provider "aws" { region = "eu-west-1" }
            module "assets" {
              source  = "terraform-aws-modules/s3-bucket/aws"
              version = "~> 4.0"
              bucket  = "weave-ui-assets"
            }
            """)
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("assets from S3")
        let moved = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(moved.status == 1, "\(moved.output)")
        #expect(moved.output.contains("service:aws/eu-west-1/s3"), "\(moved.output)")
        #expect(moved.output.contains("tf:terraform/module.assets"), "\(moved.output)")
        #expect(!moved.output.contains("service:aws/us-east-1/s3"), "\(moved.output)")
    }

    /// A file the base could not read either, only moved by the change, makes nothing newly
    /// unreadable: the move passes; an edit to it still fails as unreadable.
    @Test func movingAFileTheBaseCouldNotReadPasses() throws {
        let s = try WeaveFixture.make()
        let broken = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: weave}\nspec:\n  storageClassName: fast\n  storageClassName: slow\n"
        try s.write("staging/pvc.yaml", broken)
        try s.commit("a claim")
        try s.git("mv", "staging", "archived")
        try s.commit("archive the staging manifests")
        let moved = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(moved.status == 0, "\(moved.output)")
        try s.write("archived/pvc.yaml", broken + "  accessModes: [ReadWriteOnce]\n")
        try s.commit("edit it")
        let edited = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(edited.status == 2, "\(edited.output)")
        #expect(edited.output.contains("archived/pvc.yaml:6"), "\(edited.output)")
        // Moved from a path Faultline does not read, it is new to the check.
        try s.write("docs/claim.yaml.example", broken)
        try s.commit("an example")
        try s.git("mv", "docs/claim.yaml.example", "k8s/claim.yaml")
        try s.commit("deploy the example")
        let smuggled = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(smuggled.status == 2, "\(smuggled.output)")
        #expect(smuggled.output.contains("k8s/claim.yaml:6"), "\(smuggled.output)")
    }

    /// Files `.faultline.yaml` ignores are not part of the topology: the seed's change made
    /// in an example passes. A change that widens `ignore:` to cover its own regression is
    /// judged by the base's list, and says so.
    @Test func ignoredPathsAreLeftOutByTheBasesList() throws {
        let s = try WeaveFixture.make()
        try s.write(".faultline.yaml", WeaveFixture.config + "\nignore:\n  - examples/\n")
        try s.commit("ignore the examples")
        try s.write("examples/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("an example serving its assets from S3")
        let example = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(example.status == 0, "\(example.output)")
        #expect(!example.output.contains("examples/ui.yaml"))
        try s.write(".faultline.yaml", WeaveFixture.config + "\nignore:\n  - examples/\n  - k8s/\n")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("serve the UI's assets from S3, and ignore k8s/")
        let widened = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(widened.status == 1, "\(widened.output)")
        #expect(widened.output.contains("at k8s/ui.yaml:39"))
        let json = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "json"], in: s)
        #expect(json.output.contains("this change edits ignore:, which applies from the next change"))
        #expect(json.output.contains("ignore: left out 1 file Faultline would read"))
        // Once landed, the list applies: the next change is read without k8s/.
        try s.write("README.md", "docs\n")
        try s.commit("docs")
        let next = try FaultlineBinary.run(["topology"], in: s)
        #expect(!next.output.contains("k8s:Deployment/weave/ui"), "\(next.output)")
    }

    /// Removing a Service the frontend still calls by its in-cluster address, and an Ingress
    /// still routes to, resolves nothing: the check warns at both lines and lists no
    /// resolution through that Service.
    @Test func removingAServiceStillCalledByAddressIsAWarningNotAResolution() throws {
        let s = try Self.shop()
        try s.write("k8s/frontend.yaml", Self.deployment("frontend", env: "{name: API_ADDR, value: \"http://api:8080\"}")
            + "\n---\napiVersion: v1\nkind: Service\nmetadata: {name: frontend, namespace: shop}\nspec: {type: LoadBalancer, selector: {app: frontend}}\n"
            + "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  rules:\n  - http:\n      paths:\n"
            + "      - {path: /, backend: {service: {name: frontend}}}\n      - {path: /api, backend: {service: {name: api}}}\n")
        try s.write("k8s/api.yaml", Self.api)
        try s.commit("frontend calls api, which reads S3 in us-east-1")
        _ = try s.git("rm", "-q", "k8s/api.yaml")
        try s.commit("remove api")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "json"], in: s)
        #expect(result.status == 0, "\(result.output)")
        let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect((json?["resolved"] as? [Any])?.isEmpty == true, "\(result.output)")
        let warnings = (json?["diagnostics"] as? [[String: Any]] ?? []).filter { ($0["message"] as? String)?.contains("which this change removes") == true }
        #expect(warnings.map { $0["message"] as? String } == [
            "env API_ADDR names Service shop/api, which this change removes", "Ingress shop/web names Service shop/api, which this change removes",
        ])
        #expect(warnings.map { $0["path"] as? String } == ["k8s/frontend.yaml", "k8s/frontend.yaml"])
        #expect(warnings.map { $0["line"] as? Int } == [11, 26])
        // One warning a line: not also the linker's "routes to Service api, which is not in this repository".
        let all = json?["diagnostics"] as? [[String: Any]] ?? []
        #expect(all.filter { $0["line"] as? Int == 26 && $0["path"] as? String == "k8s/frontend.yaml" }.count == 1)
    }

    /// A warning the base had too, in a file the change did not touch, is counted, not
    /// listed: a Helm chart's templates would otherwise fill every report. Once the change
    /// touches the file, it is listed.
    @Test func warningsOfUntouchedFilesTheBaseHadAreCountedNotListed() throws {
        let s = try WeaveFixture.make()
        let template = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n"
        try s.write("chart/templates/app.yaml", template)
        try s.commit("a chart")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(replicas: 4))
        try s.commit("scale up")
        let untouched = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(untouched.status == 0, "\(untouched.output)")
        #expect(!untouched.output.contains("chart/templates/app.yaml"))
        #expect(untouched.output.contains("(1 warning the base had too, in files this change did not touch, hidden;"))
        try s.write("chart/templates/app.yaml", template + "spec: {}\n")
        try s.commit("touch the chart")
        let touched = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(touched.output.contains("chart/templates/app.yaml"), "\(touched.output)")
        #expect(!touched.output.contains("the base had too"))
    }

    /// Moving the frontend to another namespace leaves its `http://api:8080` naming a Service
    /// that does not exist there: a warning, and nothing resolved.
    @Test func anAddressThatStopsReachingItsServiceIsAWarningNotAResolution() throws {
        let s = try Self.shop()
        let frontend = Self.deployment("frontend", env: "{name: API_ADDR, value: \"http://api:8080\"}")
            + "\n---\napiVersion: v1\nkind: Service\nmetadata: {name: frontend, namespace: shop}\nspec: {type: LoadBalancer, selector: {app: frontend}}\n"
        try s.write("k8s/frontend.yaml", frontend)
        try s.write("k8s/api.yaml", Self.api)
        try s.commit("frontend calls api, which reads S3 in us-east-1")
        try s.write("k8s/frontend.yaml", frontend.replacing("namespace: shop", with: "namespace: web"))
        try s.commit("move the frontend")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "json"], in: s)
        let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect((json?["resolved"] as? [Any])?.isEmpty == true, "\(result.output)")
        let warnings = (json?["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }.filter { $0.contains("before this change") }
        #expect(warnings == ["env API_ADDR names Service web/api, which does not exist; it reached shop/api before this change"])
    }

    /// A setting holding several addresses (an Ingress's backends), one of them kept outside the
    /// repository, is not taken for an address that moved: a change elsewhere warns of nothing.
    @Test func anUnchangedBackendKeptElsewhereIsNotADanglingAddress() throws {
        let s = try Self.shop()
        try s.write("k8s/api.yaml", Self.api
            + "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  rules:\n  - http:\n      paths:\n"
            + "      - {path: /, backend: {service: {name: api}}}\n      - {path: /old, backend: {service: {name: legacy}}}\n")
        try s.commit("api and a legacy backend kept elsewhere")
        try s.write("README.md", "docs\n")
        try s.commit("docs")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "json"], in: s)
        let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        let messages = (json?["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(!messages.contains { $0.contains("before this change") || $0.contains("which this change removes") }, "\(messages)")
    }

    /// A repository with one three-zone cluster in us-west-2.
    static func shop() throws -> Scratch {
        let s = try Scratch()
        try s.initRepository()
        try s.write(".faultline.yaml", "clusters:\n  - {name: prod, provider: aws, region: us-west-2, zones: [us-west-2a, us-west-2b, us-west-2c]}\n")
        return s
    }

    static func deployment(_ name: String, env: String) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: \(name), namespace: shop}
        spec:
          template:
            metadata: {labels: {app: \(name)}}
            spec:
              containers:
              - name: \(name)
                image: gcr.io/shop/\(name):1
                env: [\(env)]
        """
    }

    /// Service api and its Deployment, which reads a bucket in us-east-1.
    static let api = deployment("api", env: "{name: ASSETS_URL, value: \"https://assets.s3.us-east-1.amazonaws.com/\"}")
        + "\n---\napiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec: {selector: {app: api}}\n"

    @Test(arguments: [
        WeaveFixture.manifest(replicas: 4),
        WeaveFixture.manifest(tag: "1.1"),
        WeaveFixture.manifest(label: "frontend"),
    ])
    func benignChangesPassWithNoFinding(manifest: String) throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/ui.yaml", manifest)
        try s.commit("benign")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "json"], in: s)
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect(json?["verdict"] as? String == "pass")
        #expect((json?["findings"] as? [Any])?.isEmpty == true)
    }

    @Test func anExposureAlreadyInTheBaseDoesNotFailTheCheck() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("the risk lands")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(replicas: 5, assets: WeaveFixture.bucket))
        try s.commit("unrelated change on top")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("PASS"))
    }

    @Test func anAcceptedRiskPassesAndAnExpiredOneFails() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        let accept = { (expires: String) in
            WeaveFixture.config + """

                accept:
                  - rule: single-region
                    entrypoint: k8s:Ingress/weave/ui
                    scenario: service:aws/us-east-1/s3
                    reason: CDN in front lands next sprint
                    expires: \(expires)
                """
        }
        try s.write(".faultline.yaml", accept("2099-01-01"))
        try s.commit("accepted risk")
        let accepted = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(accepted.status == 0, "\(accepted.output)")
        #expect(accepted.output.contains("accepted"))
        try s.write(".faultline.yaml", accept("2020-01-01"))
        try s.commit("expired")
        let expired = try FaultlineBinary.run(["check", "--base", "HEAD~2"], in: s)
        #expect(expired.status == 1)
        #expect(expired.output.contains("expired-acceptance") && expired.output.contains(".faultline.yaml:8"))
    }

    @Test(arguments: ["text", "json", "markdown", "sarif", "junit", "github"])
    func everyFormatRendersTheFinding(format: String) throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("Serve UI assets from S3")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", format, "--output", s.path("report.out")], in: s)
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        let report = try String(contentsOfFile: s.path("report.out"), encoding: .utf8)
        #expect(report.contains("single-region"))
        #expect(report.contains("k8s/ui.yaml"))
    }

    @Test func underGitHubActionsTheMarkdownGoesToTheStepSummary() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("Serve UI assets from S3")
        try s.write("summary.md", "previous step\n", in: "")
        let result = try FaultlineBinary.run(
            ["check", "--base", "HEAD~1", "--format", "github"], in: s,
            environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": s.path("summary.md")])
        #expect(result.status == 1 && result.output.contains("::error file=k8s/ui.yaml,line=39"))
        let summary = try String(contentsOfFile: s.path("summary.md"), encoding: .utf8)
        #expect(summary.hasPrefix("previous step\n") && summary.contains("<!-- faultline:check -->"))
    }

    @Test func aChangedFileThatCannotBeReadIsExitTwo() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/broken.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: [unclosed\n")
        try s.commit("broken manifest")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 2)
        #expect(result.output.contains("k8s/broken.yaml:4"))
        // Listed once, though the link's diagnostics hold the file's too.
        let json = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "json"], in: s)
        let report = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect((report?["unreadable"] as? [Any])?.count == 1, "\(json.output)")
        // A policy that says warn lets it through, still reported.
        try s.write("policies/warn.yaml", "version: 1\nrules:\n  - {id: unreadable-file, severity: warning}\n", in: "")
        let warned = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--policies", s.path("policies")], in: s)
        #expect(warned.status == 0 && warned.output.contains("k8s/broken.yaml:4"))
    }

    /// A change that turns a manifest into what reads as a Helm template does not take what it
    /// declared out of its own check: an `unreadable-file` error at the action, the base's
    /// version read for the rest (its exposure is not resolved).
    @Test func aManifestTheChangeTemplatesIsUnreadable() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("Serve UI assets from S3")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket) + "---\nkind: ConfigMap\nmetadata: {name: {{ .Values.name }}}\n")
        try s.commit("Template the manifest")
        let json = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "json"], in: s)
        #expect(json.status == 2, "\(json.output)")
        let report = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect((report?["resolved"] as? [Any])?.isEmpty == true, "\(json.output)")
        let unreadable = (report?["unreadable"] as? [[String: Any]])?.first
        #expect(unreadable?["path"] as? String == "k8s/ui.yaml", "\(json.output)")
        #expect(json.output.contains("this change makes the file read as a Helm template"))
        // A file the base read as a template already keeps its warning only.
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket) + "---\nkind: ConfigMap\nmetadata: {name: {{ .Values.other }}}\n")
        try s.commit("Template it again")
        let again = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(again.status == 0, "\(again.output)")
        // Moved (here under another name) as it is templated: the same file.
        _ = try s.git("rm", "-q", "k8s/ui.yaml")
        try s.write("deploy/web-ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket) + "---\nkind: ConfigMap\nmetadata: {name: {{ .Values.name }}}\n")
        try s.commit("Move it")
        let moved = try FaultlineBinary.run(["check", "--base", "HEAD~3"], in: s)
        #expect(moved.status == 2 && moved.output.contains("this change makes the file read as a Helm template"), "\(moved.output)")
    }

    /// Objects moved out of a manifest the change keeps into a template the base had already:
    /// the template is one the change makes unreadable; without objects gone, it is not.
    @Test func objectsMovedIntoATemplateAreUnreadable() throws {
        let s = try WeaveFixture.make()
        try s.write("deploy/extra.yaml", "kind: ConfigMap\nmetadata: {name: {{ .Values.name }}}\n")
        try s.commit("A template")
        try s.write("deploy/extra.yaml", "kind: ConfigMap\nmetadata: {name: {{ .Values.other }}}\n")
        try s.commit("Edit the template")
        let edited = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(edited.status == 0, "\(edited.output)")
        try s.write("deploy/extra.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket) + "---\nkind: ConfigMap\nmetadata: {name: {{ .Values.other }}}\n")
        try s.write("k8s/ui.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ui-settings, namespace: weave}\n")
        try s.commit("Move the UI into the template")
        let absorbed = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(absorbed.status == 2 && absorbed.output.contains("deploy/extra.yaml"), "\(absorbed.output)")
    }

    /// A change that breaks a manifest carrying an exposure does not resolve it: the file is
    /// read as the base has it (as the audit keeps its last readable facts), the check still
    /// fails as unreadable, and a note says which version was read.
    @Test func aFileTheChangeBreaksIsReadAsTheBaseHasIt() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("Serve UI assets from S3")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket) + "---\nkind: Service\nmetadata: {name: [unclosed\n")
        try s.commit("Break the manifest")
        let json = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "json"], in: s)
        #expect(json.status == 2, "\(json.output)")
        let report = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect((report?["resolved"] as? [Any])?.isEmpty == true, "\(json.output)")
        #expect((report?["unreadable"] as? [[String: Any]])?.first?["path"] as? String == "k8s/ui.yaml", "\(json.output)")
        let notes = (report?["diagnostics"] as? [[String: Any]] ?? []).filter { $0["path"] as? String == "k8s/ui.yaml" }
        #expect(notes.contains { ($0["message"] as? String)?.hasPrefix("this change makes the file unreadable; the check reads it as the base has it") == true }, "\(notes)")
        let text = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(!text.output.contains("service:aws/us-east-1/s3") && text.output.contains("`--format json` lists them"), "\(text.output)")
        // Against the commit before the move, the broken file's own change is not judged
        // (it is the base's version that is read): nothing is found, and exit 2 still stops it.
        let added = try FaultlineBinary.run(["check", "--base", "HEAD~2", "--format", "json"], in: s)
        let addedReport = try JSONSerialization.jsonObject(with: Data(added.output.utf8)) as? [String: Any]
        #expect(added.status == 2 && (addedReport?["findings"] as? [Any])?.isEmpty == true, "\(added.output)")
        // Where an unreadable file only warns, the check passes it: the file is then read as
        // head has it, so what the readable part adds is judged (here the bucket, beside a
        // broken document of its own).
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket) + "\n---\nkind: Service\nmetadata: {name: [unclosed\n")
        try s.commit("Move the assets and break another document")
        try s.write("policies/warn.yaml", "version: 1\nrules:\n  - {id: unreadable-file, severity: warning}\n", in: "")
        let failing = try FaultlineBinary.run(["check", "--base", "HEAD~3"], in: s)
        #expect(failing.status == 2 && !failing.output.contains("service:aws/us-east-1/s3"), "\(failing.output)")
        let warned = try FaultlineBinary.run(["check", "--base", "HEAD~3", "--policies", s.path("policies")], in: s)
        #expect(warned.status == 1 && warned.output.contains("service:aws/us-east-1/s3"), "\(warned.output)")
        #expect(!warned.output.contains("reads it as the base has it"), "\(warned.output)")
    }

    /// The change that fixes a file its base could not read compares it with the file's last
    /// readable version, as the audit does: what it carried before it broke is not new. Still
    /// broken, it is that version on both sides.
    @Test func fixingABrokenFileBringsBackNothingNew() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("Serve UI assets from S3")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket) + "\n  broken: [unclosed\n")
        try s.commit("Break it")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket) + "\n  broken: [still\n")
        try s.commit("Still broken")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("Fix it")
        let fixed = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "json"], in: s)
        #expect(fixed.status == 0, "\(fixed.output)")
        let report = try JSONSerialization.jsonObject(with: Data(fixed.output.utf8)) as? [String: Any]
        #expect((report?["findings"] as? [Any])?.isEmpty == true && (report?["resolved"] as? [Any])?.isEmpty == true, "\(fixed.output)")
        let notes = (report?["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(notes.contains { $0.hasPrefix("the base cannot read this file; the check reads its last readable version as the base") }, "\(notes)")
        let still = try FaultlineBinary.run(["check", "--base", "HEAD~2", "--head", "HEAD~1", "--format", "json"], in: s)
        let stillReport = try JSONSerialization.jsonObject(with: Data(still.output.utf8)) as? [String: Any]
        #expect(still.status == 2 && (stillReport?["resolved"] as? [Any])?.isEmpty == true, "\(still.output)")
        // The audit names nothing at the fix either.
        let audit = try FaultlineBinary.run(["audit", "--format", "jsonl"], in: s)
        let fix = audit.output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .first { ($0["commit"] as? [String: Any])?["subject"] as? String == "Fix it" }
        #expect(fix != nil && ((fix?["introduced"] as? [Any]) ?? []).isEmpty, "\(audit.output)")
    }

    /// Where an unreadable file only warns, both sides are read as they are: a dependency a
    /// check called resolved when its file broke is new again when the file is fixed.
    @Test func withTheRuleAtWarningBothSidesAreReadAsTheyAre() throws {
        let s = try WeaveFixture.make()
        try s.write(".faultline/policies/warn.yaml", "version: 1\nrules:\n  - {id: unreadable-file, severity: warning}\n", in: "repo")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("Serve UI assets from S3")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: "/static/") + "\n  broken: [unclosed\n")
        try s.commit("Break it, dropping the bucket")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("Fix it, with the bucket again")
        let broken = try FaultlineBinary.run(["check", "--base", "HEAD~2", "--head", "HEAD~1"], in: s)
        #expect(broken.status == 0 && broken.output.contains("✓ single-region"), "\(broken.output)")
        let fixed = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(fixed.status == 1 && fixed.output.contains("service:aws/us-east-1/s3"), "\(fixed.output)")
        #expect(!fixed.output.contains("last readable version"), "\(fixed.output)")
    }

    /// A malformed acceptance comment does not make a file unreadable: what the file adds is
    /// judged as head has it.
    @Test func aMalformedAcceptanceCommentLeavesTheFileRead() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/ui.yaml", "# faultline:accept nonsense\n" + WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("Serve UI assets from S3, with a broken acceptance")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "json"], in: s)
        let report = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        let scenarios = (report?["findings"] as? [[String: Any]] ?? []).compactMap { ($0["scenario"] as? [String: Any])?["id"] as? String }
        #expect(scenarios.contains("service:aws/us-east-1/s3"), "\(result.output)")
        #expect(!result.output.contains("reads it as the base has it"), "\(result.output)")
    }

    /// A function whose region becomes a variable with no value is in an unknown region of
    /// AWS: it still goes down with AWS, so the change resolves nothing about the provider.
    @Test func aRegionMadeUnknownStillGoesDownWithItsProvider() throws {
        let s = try Scratch()
        try s.initRepository()
        let function = """
            resource "aws_lambda_function" "api" {
              function_name = "api"
            }
            resource "aws_lambda_function_url" "api" {
              function_name      = aws_lambda_function.api.function_name
              authorization_type = "NONE"
            }

            """
        try s.write("main.tf", "provider \"aws\" {\n  region = \"eu-west-1\"\n}\n" + function)
        try s.commit("API in eu-west-1")
        try s.write("main.tf", "variable \"region\" {}\nprovider \"aws\" {\n  region = var.region\n}\n" + function)
        try s.commit("Region from a variable")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "json"], in: s)
        #expect(result.status == 0, "\(result.output)")
        let report = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        let resolved = (report?["resolved"] as? [[String: Any]] ?? []).compactMap { ($0["scenario"] as? [String: Any])?["id"] as? String }
        #expect(resolved == ["region:aws/eu-west-1", "service:aws/eu-west-1/lambda"], "\(resolved)")
        let simulated = try FaultlineBinary.run(["simulate"], in: s)
        #expect(simulated.output.contains("provider:aws\n  tf:aws_lambda_function_url.api: down"), "\(simulated.output)")
    }

    /// A distribution newly served from a bucket whose region is set only where Terraform is
    /// applied: no regional outage can be checked against it, and a warning says so.
    @Test func aNewDependencyOfUnknownRegionIsAWarning() throws {
        let s = try Scratch()
        try s.initRepository()
        let distribution = """
            resource "aws_cloudfront_distribution" "ui" {
              origin {
                domain_name = ORIGIN
                origin_id   = "o"
              }
              default_cache_behavior { target_origin_id = "o" }
            }

            """
        try s.write("infra/main.tf", "provider \"aws\" { region = \"us-east-1\" }\n" + distribution.replacing("ORIGIN", with: "\"origin.shop.acme.io\""))
        try s.commit("a distribution in front of our own origin")
        try s.write("infra/main.tf", "variable \"region\" {}\nprovider \"aws\" { region = var.region }\nresource \"aws_s3_bucket\" \"assets\" { bucket = \"assets\" }\n"
            + distribution.replacing("ORIGIN", with: "aws_s3_bucket.assets.bucket_regional_domain_name"))
        try s.commit("served from a bucket")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("warning unknown-placement: tf:infra/aws_cloudfront_distribution.ui now depends on tf:infra/aws_s3_bucket.assets, which Faultline cannot place (unknown:region/aws)"), "\(result.output)")
    }

    /// Deleting the us-west-2 half of a Route 53 failover pair fails the check, although the
    /// estate already has an API in us-east-1 alone: the record left takes the group's place
    /// and is judged against it, not against the estate. Putting the half back resolves it.
    @Test func aFailoverPairLosingItsSecondaryFailsInAOneRegionEstate() throws {
        let s = try Scratch()
        try s.initRepository()
        func loadBalancer(_ name: String, west: Bool = false) -> String {
            "resource \"aws_lb\" \"\(name)\" {\n\(west ? "  provider = aws.west\n" : "")  name = \"\(name)\"\n  internal = false\n}\n"
        }
        func record(_ name: String, host: String, target: String, failover: String? = nil) -> String {
            """
            resource "aws_route53_record" "\(name)" {
              zone_id = "Z123"
              name    = "\(host)"
              type    = "A"
            \(failover.map { "  set_identifier = \"\($0.lowercased())\"\n  failover_routing_policy { type = \"\($0)\" }\n" } ?? "")  alias {
                name                   = aws_lb.\(target).dns_name
                zone_id                = aws_lb.\(target).zone_id
                evaluate_target_health = true
              }
            }

            """
        }
        let estate = """
            provider "aws" { region = "us-east-1" }
            provider "aws" {
              alias  = "west"
              region = "us-west-2"
            }

            """ + loadBalancer("api") + loadBalancer("east") + loadBalancer("west", west: true)
            + record("api", host: "api.example.com", target: "api")
            + record("primary", host: "www.example.com", target: "east", failover: "PRIMARY")
        let secondary = record("secondary", host: "www.example.com", target: "west", failover: "SECONDARY")
        try s.write("main.tf", estate + secondary)
        try s.commit("www fails over to us-west-2")
        try s.write("main.tf", estate)
        try s.commit("drop the us-west-2 record")
        let lost = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(lost.status == 1, "\(lost.output)")
        #expect(lost.output.contains(
            "error single-region: tf:aws_route53_record.primary now goes down when region:aws/us-east-1 fails: it newly depends on tf:aws_lb.east"),
            "\(lost.output)")
        try s.write("main.tf", estate + secondary)
        try s.commit("put it back")
        let back = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(back.status == 0, "\(back.output)")
        #expect(back.output.contains("resolved") && back.output.contains("region:aws/us-east-1"), "\(back.output)")
    }

    /// Files saved as UTF-16 with a byte order mark (Windows editors' "Unicode") are read as
    /// text: a page changed so is no unreadable file, and a manifest saved so fails at the
    /// line that moves the assets to S3, as in UTF-8. Without the mark it stays binary, and
    /// the message names the reader that could not read it.
    @Test func filesInUTF16WithAByteOrderMarkAreReadAsText() throws {
        func utf16(_ text: String, bigEndian: Bool = false) -> Data {
            Data((bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) + text.utf16.flatMap { bigEndian ? [UInt8($0 >> 8), UInt8($0 & 0xFF)] : [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        }
        let s = try WeaveFixture.make()
        try s.write("site/index.html", utf16("<!DOCTYPE html><html><body>hi</body></html>"))
        try s.commit("a page saved as UTF-16")
        let page = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(page.status == 0, "\(page.output)")
        try s.write("k8s/ui.yaml", utf16(WeaveFixture.manifest(assets: WeaveFixture.bucket), bigEndian: true))
        try s.commit("Serve UI assets from S3, saved as UTF-16")
        let manifest = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(manifest.status == 1, "\(manifest.output)")
        #expect(manifest.output.contains("single-region") && manifest.output.contains("at k8s/ui.yaml:39"))
        try s.write("site/index.html", Data(utf16("<html></html>").dropFirst(2)))
        try s.commit("the page without its mark")
        let unmarked = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(unmarked.status == 2)
        #expect(unmarked.output.contains("site/index.html: error: file is binary, not text the assets reader can read"))
    }

    @Test func theFileSizeLimitIsAnOptionOrAnEnvironmentVariable() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(replicas: 4))
        try s.commit("scale up")
        let limited = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--max-blob-size", "100"], in: s)
        #expect(limited.status == 2)
        #expect(limited.output.contains("k8s/ui.yaml: error: file is") && limited.output.contains("over the 100-byte limit"))
        #expect(limited.output.contains("raise the limit: --max-blob-size BYTES, or FAULTLINE_MAX_BLOB_SIZE=BYTES"))
        let variable = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s, environment: ["FAULTLINE_MAX_BLOB_SIZE": "100"])
        #expect(variable.status == 2 && variable.output.contains("over the 100-byte limit"))
        // The option wins over the variable.
        let raised = try FaultlineBinary.run(
            ["check", "--base", "HEAD~1", "--max-blob-size", "1000000"], in: s, environment: ["FAULTLINE_MAX_BLOB_SIZE": "100"])
        #expect(raised.status == 0, "\(raised.output)")
        let malformed = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s, environment: ["FAULTLINE_MAX_BLOB_SIZE": "5MB"])
        #expect(malformed.status == 2 && malformed.errors.contains("FAULTLINE_MAX_BLOB_SIZE must be a positive number of bytes, not '5MB'"))
    }

    @Test func aMalformedAcceptanceCommentIsNamedAsSuchNotAsAnUnreadableFile() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(replicas: 4) + "# faultline:accept single-region region:aws/us-east-1 expires=2027-01-31\n")
        try s.commit("an acceptance without a reason")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        // Still exit 2, as docs/configuration.md says, but the file was read.
        #expect(result.status == 2)
        #expect(result.output.contains("FAIL: 0 errors, 0 warnings; 1 changed file has an invalid acceptance comment"))
        #expect(result.output.contains("Invalid acceptance comments in changed files:\n  k8s/ui.yaml:"))
        #expect(result.output.contains("faultline:accept needs reason"))
        #expect(!result.output.contains("could not be read"))
        let github = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "github"], in: s)
        #expect(github.output.contains("title=faultline%3A invalid acceptance comment::faultline:accept needs reason"), "\(github.output)")
    }

    @Test func badPoliciesAreExitTwoWithTheLine() throws {
        let s = try WeaveFixture.make()
        try s.commit("again")
        try s.write("policies/bad.yaml", "version: 1\nrules:\n  - {id: x, severity: fatal}\n", in: "")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--policies", s.path("policies")], in: s)
        #expect(result.status == 2 && result.errors.contains("bad.yaml:3") && result.errors.contains("severity"))
        let missing = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--policies", s.path("nowhere")], in: s)
        #expect(missing.status == 2)
    }

    @Test func brokenRulesInTheBaseNameTheBaseAndWhereTheFixMustLand() throws {
        let s = try WeaveFixture.make()
        try s.write(".faultline/policies/team.yaml", "rules:\n  - id: single-zone\n    severity: eror\n")
        let broken = try s.commit("broken rules")
        try s.write(".faultline/policies/team.yaml", "rules:\n  - id: single-zone\n    severity: error\n")
        try s.commit("fix the rules")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 2)
        #expect(result.errors.contains("the policy files of the base commit \(broken.prefix(7)) have errors"))
        #expect(result.errors.contains(".faultline/policies/team.yaml:3: error: severity must be error, warning or note"))
        #expect(result.errors.contains("Land the fix on the base branch first"))
        #expect(result.errors.contains("faultline policies list --revision \(broken.prefix(7))"))
    }

    @Test func repositoryRulesComeFromTheBaseSoAChangeCannotLoosenItsGate() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.write(".faultline/policies/loose.yaml", "version: 1\nrules:\n  - {id: single-region, severity: note}\n")
        try s.commit("add the risk and loosen the rule in the same change")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 1)
        // Once the rule is in the base, it applies.
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: "/static/"))
        try s.commit("back out")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("again, with the looser rule in the base")
        let later = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(later.status == 0, "\(later.output)")
    }

    @Test(arguments: [
        (["check", "--base", "no-such-ref"], 3, "unknown revision"),
        (["check", "--head", "nope"], 3, "unknown revision"),
        (["check", "--repo", "/"], 3, "not inside a git repository"),
        (["check", "--format", "pdf"], 2, "pdf"),
        (["check"], 2, "--base"),
    ])
    func problemsHaveTheirExitCodes(arguments: [String], status: Int32, message: String) throws {
        let s = try WeaveFixture.make()
        let result = try FaultlineBinary.run(arguments, in: s)
        #expect(result.status == status)
        #expect(result.errors.contains(message), "\(result.errors)")
    }

    @Test func aShallowCloneMissingTheBaseIsExitThreeWithTheFix() throws {
        let s = try WeaveFixture.make()
        let base = try s.git("rev-parse", "HEAD")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("Serve UI assets from S3")
        try s.git("clone", "-q", "--depth", "1", "file://\(s.path("repo"))", s.path("shallow"), in: "")
        let result = try FaultlineBinary.run(["check", "--base", base], in: s, dir: "shallow")
        #expect(result.status == 3)
        #expect(result.errors.contains("fetch-depth: 0") && result.errors.contains("git fetch --unshallow"))
        let viaCI = try FaultlineBinary.run(["check"], in: s, dir: "shallow", environment: ["CI_MERGE_REQUEST_DIFF_BASE_SHA": base])
        #expect(viaCI.status == 3)
    }

    @Test func preCommitsRangeIsUsedWhenNoFlagsAreGiven() throws {
        let s = try WeaveFixture.make()
        let base = try s.git("rev-parse", "HEAD")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        let head = try s.commit("Serve UI assets from S3")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: "/static/"))
        try s.commit("back out")
        let result = try FaultlineBinary.run(["check"], in: s, environment: ["PRE_COMMIT_FROM_REF": base, "PRE_COMMIT_TO_REF": head])
        #expect(result.status == 1 && result.output.contains("single-region"))
        // The report says where the base came from: not a flag no one passed.
        #expect(result.output.contains("base chosen by PRE_COMMIT_FROM_REF \(base)"), "\(result.output)")
    }

    @Test func worksOnABareRepository() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("Serve UI assets from S3")
        try s.git("clone", "-q", "--bare", s.path("repo"), s.path("bare.git"), in: "")
        let result = try FaultlineBinary.run(["check", "--repo", s.path("bare.git"), "--base", "HEAD~1"], in: s, dir: "")
        #expect(result.status == 1 && result.output.contains("single-region"))
    }

    @Test func theSameTreesGiveByteIdenticalReports() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("Serve UI assets from S3")
        let first = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "sarif"], in: s)
        let second = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "sarif"], in: s)
        #expect(first.output == second.output && !first.output.isEmpty)
    }
}

@Suite struct DiffCommandTests {
    @Test func showsWhatTheChangeDidToTheTopologyWithLines() throws {
        let s = try WeaveFixture.make()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("Serve UI assets from S3")
        let result = try FaultlineBinary.run(["diff", "--base", "HEAD~1"], in: s)
        #expect(result.status == 0)
        #expect(result.output.contains("+ url:weave-ui-assets.s3.amazonaws.com [bucket] k8s/ui.yaml:39 runs in {service:aws/us-east-1/s3}"))
        #expect(result.output.contains("~ k8s:ConfigMap/weave/ui-config: now needs url:weave-ui-assets.s3.amazonaws.com at k8s/ui.yaml:39"))
        let none = try FaultlineBinary.run(["diff", "--base", "HEAD", "--format", "json"], in: s)
        #expect(none.status == 0 && none.output.contains("\"added\" : [\n\n  ]"))
        let bad = try FaultlineBinary.run(["diff", "--base", "nope"], in: s)
        #expect(bad.status == 3)
    }
}

@Suite struct InlineAcceptanceTests {
    @Test func aCommentBesideTheRiskAcceptsItOnlyForFindingsInThatFile() throws {
        let s = try WeaveFixture.make()
        let comment = "  # faultline:accept single-region service:aws/us-east-1/s3 expires=2099-01-01 reason=CloudFront lands next sprint"
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket) + "\n" + comment + "\n")
        try s.commit("accepted inline")
        let accepted = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(accepted.status == 0, "\(accepted.output)")
        #expect(accepted.output.contains("accepted: CloudFront lands next sprint (until 2099-01-01)"))
        // The same comment in another file covers nothing here.
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.write("k8s/other.yaml", comment.trimmingCharacters(in: .whitespaces) + "\n")
        try s.commit("comment moved away")
        let elsewhere = try FaultlineBinary.run(["check", "--base", "HEAD~2"], in: s)
        #expect(elsewhere.status == 1)
        // A malformed one is an input error, located.
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket) + "\n# faultline:accept single-region service:aws/us-east-1/s3\n")
        try s.commit("malformed")
        let malformed = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(malformed.status == 2 && malformed.output.contains("k8s/ui.yaml:40"))
    }
}

@Suite struct UnreadablePolicyTests {
    @Test func aPolicyFileThatCannotBeReadStopsTheCheckInsteadOfDroppingItsRules() throws {
        let s = try WeaveFixture.make()
        try s.write(".faultline/policies/rules.yaml", Data([0x00, 0x01, 0x02, 0x00, 0xFF]))
        try s.commit("binary rules")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(replicas: 4))
        try s.commit("benign")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 2)
        #expect(result.errors.contains(".faultline/policies/rules.yaml") && result.errors.contains("cannot be read"))
    }
}
