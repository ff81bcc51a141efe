import HCL
import Model
import Testing
@testable import Readers

@Suite struct KubernetesReaderTests {
    func read(_ text: String, path: String = "k8s/app.yaml") -> FileFacts {
        KubernetesReader().read(path: path, bytes: Array(text.utf8))
    }

    static let podSpec = """
        containers:
          - name: app
            image: quay.io/acme/app:1.2
        initContainers:
          - name: init
            image: busybox
        """

    @Test(arguments: [
        ("Deployment", "spec:\n  template:\n    spec:\n"),
        ("StatefulSet", "spec:\n  template:\n    spec:\n"),
        ("DaemonSet", "spec:\n  template:\n    spec:\n"),
        ("ReplicaSet", "spec:\n  template:\n    spec:\n"),
        ("Job", "spec:\n  template:\n    spec:\n"),
        ("CronJob", "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n"),
        ("Pod", "spec:\n"),
    ])
    func findsImagesInEveryWorkloadKind(kind: String, prefix: String) throws {
        let depth = prefix.split(separator: "\n").count * 2
        let spec = Self.podSpec.split(separator: "\n").map { String(repeating: " ", count: depth) + $0 }.joined(separator: "\n")
        let text = "apiVersion: v1\nkind: \(kind)\nmetadata:\n  name: app\n" + prefix + spec + "\n"
        let facts = read(text)
        let workload = try #require(facts.workloads.first)
        #expect(workload.kind == kind && workload.namespace == "default" && workload.id == "k8s:\(kind)/default/app")
        #expect(Set(workload.images.map(\.reference)) == ["quay.io/acme/app:1.2", "busybox"])
        #expect(workload.images.allSatisfy { $0.line > 4 })
        #expect(facts.diagnostics.isEmpty)
    }

    @Test func readsConfigMapAndSecretReferencesButNeverSecretValues() throws {
        let facts = read("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: ui, namespace: weave}
            spec:
              template:
                metadata:
                  labels: {app: ui, tier: web}
                spec:
                  containers:
                    - name: ui
                      image: nginx
                      env:
                        - name: ASSETS
                          value: https://assets.s3.us-west-2.amazonaws.com/ui
                        - name: MODE
                          valueFrom:
                            configMapKeyRef: {name: modes, key: mode}
                        - name: TOKEN
                          valueFrom:
                            secretKeyRef: {name: api-token, key: token}
                      envFrom:
                        - configMapRef: {name: ui-config}
                        - secretRef: {name: ui-secrets}
                  volumes:
                    - name: conf
                      configMap: {name: nginx-conf}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: api-token, namespace: weave}
            stringData:
              token: https://user:hunter2@secret.s3.amazonaws.com
            """)
        let workload = try #require(facts.workloads.first)
        #expect(workload.podLabels == ["app": "ui", "tier": "web"])
        #expect(workload.configMaps.map(\.name) == ["modes", "ui-config", "nginx-conf"])
        #expect(workload.secrets.map(\.name) == ["api-token", "ui-secrets"])
        #expect(workload.mentions == [Mention(text: "https://assets.s3.us-west-2.amazonaws.com/ui", line: 14, context: "env ASSETS", container: "ui")])
        // Nothing a Secret holds reaches the facts.
        #expect(!"\(facts)".contains("hunter2"))
        #expect(facts.diagnostics.isEmpty)
    }

    @Test(arguments: [
        ("nodeSelector:\n  topology.kubernetes.io/zone: us-east-1a", ["us-east-1a"], nil as [String]?),
        ("nodeSelector:\n  failure-domain.beta.kubernetes.io/zone: us-east-1b", ["us-east-1b"], nil),
        ("nodeSelector:\n  topology.kubernetes.io/region: us-east-1", nil, ["us-east-1"]),
        ("nodeSelector:\n  disktype: ssd", nil, nil),
        ("""
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
                - matchExpressions:
                    - {key: topology.kubernetes.io/zone, operator: In, values: [us-east-1a, us-east-1c]}
        """, ["us-east-1a", "us-east-1c"], nil),
        ("""
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
                - matchExpressions:
                    - {key: topology.kubernetes.io/zone, operator: In, values: [us-east-1a]}
                - matchExpressions:
                    - {key: topology.kubernetes.io/zone, operator: In, values: [us-east-1b]}
        """, ["us-east-1a", "us-east-1b"], nil),
        ("""
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
                - matchExpressions:
                    - {key: topology.kubernetes.io/zone, operator: In, values: [us-east-1a]}
                - matchExpressions:
                    - {key: kubernetes.io/os, operator: In, values: [linux]}
        """, nil, nil),
        ("""
        nodeSelector:
          topology.kubernetes.io/zone: us-east-1a
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
                - matchExpressions:
                    - {key: topology.kubernetes.io/zone, operator: In, values: [us-east-1a, us-east-1b]}
        """, ["us-east-1a"], nil),
        ("""
        affinity:
          nodeAffinity:
            preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 1
                preference:
                  matchExpressions:
                    - {key: topology.kubernetes.io/zone, operator: In, values: [us-east-1a]}
        """, nil, nil),
    ])
    func narrowsPlacementFromSelectorsAndRequiredAffinityOnly(block: String, zones: [String]?, regions: [String]?) throws {
        let workload = try workload(withPodSpec: block)
        #expect(workload.placement.zones == zones)
        #expect(workload.placement.regions == regions)
    }

    /// A pod held to named nodes runs on those hosts only: `nodeName`, the hostname label, or
    /// required affinity on it in every term.
    @Test(arguments: [
        ("nodeName: ip-10-0-1-23.ec2.internal", ["ip-10-0-1-23.ec2.internal"] as [String]?, 7),
        ("nodeSelector:\n  kubernetes.io/hostname: node-a", ["node-a"], 8),
        ("""
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
                - matchExpressions:
                    - {key: kubernetes.io/hostname, operator: In, values: [node-b, node-a]}
        """, ["node-a", "node-b"], 12),
        ("nodeSelector:\n  kubernetes.io/os: linux", nil, nil),
    ] as [(String, [String]?, Int?)])
    func recordsTheNodesAPodIsHeldTo(block: String, hosts: [String]?, line: Int?) throws {
        let workload = try workload(withPodSpec: block)
        #expect(workload.placement.hosts == hosts)
        #expect(workload.placement.line == line)
    }

    /// The workload of a Deployment whose pod spec holds `block`, written at the pod spec's
    /// indentation and starting at line 7.
    func workload(withPodSpec block: String) throws -> WorkloadFact {
        let indented = block.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n\(indented)\n      containers: [{name: a, image: nginx}]\n"
        return try #require(read(text).workloads.first)
    }

    @Test func recordsExcludedZonesSpreadAndAntiAffinity() throws {
        let facts = read("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: a}
            spec:
              template:
                spec:
                  affinity:
                    nodeAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                        nodeSelectorTerms:
                          - matchExpressions:
                              - {key: topology.kubernetes.io/zone, operator: NotIn, values: [us-east-1c]}
                    podAntiAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                        - topologyKey: kubernetes.io/hostname
                          labelSelector: {matchLabels: {app: a}}
                  topologySpreadConstraints:
                    - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule}
                  containers: [{name: a, image: nginx}]
            """)
        let workload = try #require(facts.workloads.first)
        #expect(workload.placement.zones == nil && workload.placement.excludedZones == ["us-east-1c"])
        #expect(workload.antiAffinityKeys == ["kubernetes.io/hostname"])
        #expect(workload.spreadKeys == ["topology.kubernetes.io/zone"])
    }

    /// `s3://uploads`, `gs://media` and `arn:aws:s3:::uploads` name buckets without a dot;
    /// plain words and `key: value` text are no mention.
    @Test func bucketURIsAndARNsWithoutADotAreMentions() throws {
        let facts = read("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: c, namespace: shop}
            data:
              UPLOADS: s3://uploads
              MEDIA: gs://media/in
              ARN: arn:aws:s3:::uploads
              MODE: fast
              PAIR: "a: b"
            """)
        let configMap = try #require(facts.configMaps.first)
        #expect(configMap.mentions.map(\.text) == ["s3://uploads", "gs://media/in", "arn:aws:s3:::uploads"])
    }

    @Test func readsServicesIngressesAndLists() throws {
        let facts = read("""
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: Service
                metadata: {name: ui, namespace: web}
                spec:
                  type: LoadBalancer
                  selector: {app: ui}
              - apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: ui, namespace: web}
                spec:
                  defaultBackend: {service: {name: fallback, port: {number: 80}}}
                  rules:
                    - host: app.example.com
                      http:
                        paths:
                          - {path: /, pathType: Prefix, backend: {service: {name: ui, port: {number: 80}}}}
              - apiVersion: extensions/v1beta1
                kind: Ingress
                metadata: {name: old, namespace: web}
                spec:
                  backend: {serviceName: legacy, servicePort: 80}
            """)
        #expect(facts.services == [ServiceFact(namespace: "web", name: "ui", line: 4, type: "LoadBalancer", selector: ["app": "ui"])])
        #expect(facts.ingresses.map(\.id) == ["k8s:Ingress/web/ui", "k8s:Ingress/web/old"])
        #expect(facts.ingresses[0].backends.map(\.name) == ["fallback", "ui"] && facts.ingresses[0].hosts == ["app.example.com"])
        #expect(facts.ingresses[1].backends.map(\.name) == ["legacy"])
    }

    /// The AWS Load Balancer Controller's `use-annotation` backends are actions: a redirect
    /// routes to no Service, a forward to the Services of its target groups.
    @Test func readsLoadBalancerControllerActionsAsTheirTargets() throws {
        let facts = read("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: ui
              namespace: web
              annotations:
                alb.ingress.kubernetes.io/actions.ssl-redirect: '{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}'
                alb.ingress.kubernetes.io/actions.split: >
                  {"type":"forward","forwardConfig":{"targetGroups":[
                  {"serviceName":"blue","servicePort":"80","weight":80},
                  {"serviceName":"green","servicePort":80,"weight":20},
                  {"targetGroupARN":"arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/x/y"}]}}
            spec:
              rules:
                - http:
                    paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: ssl-redirect, port: {name: use-annotation}}}}
                      - {path: /app, pathType: Prefix, backend: {service: {name: split, port: {name: use-annotation}}}}
                      - {path: /missing, pathType: Prefix, backend: {service: {name: nothing, port: {name: use-annotation}}}}
                      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
            ---
            apiVersion: extensions/v1beta1
            kind: Ingress
            metadata:
              name: old
              annotations:
                alb.ingress.kubernetes.io/actions.ssl-redirect: '{"Type": "redirect"}'
            spec:
              rules:
                - http:
                    paths:
                      - {path: /*, backend: {serviceName: ssl-redirect, servicePort: use-annotation}}
                      - {path: /*, backend: {serviceName: web, servicePort: 80}}
            """)
        #expect(facts.ingresses.map { $0.backends.map(\.name) } == [["blue", "green", "api"], ["web"]])
        #expect(facts.ingresses[0].backends.map(\.line) == [8, 8, 20])
        // An action the annotations do not hold is named, not dropped silently.
        #expect(facts.diagnostics.map(\.summary) == ["the load balancer action nothing of Ingress web/ui cannot be read: the Ingress has no annotation alb.ingress.kubernetes.io/actions.nothing"])
        #expect(facts.diagnostics.map(\.line) == [19])
    }

    /// Keys of an action are matched without regard to case, as the controller reads them; a
    /// repeated key and an action that cannot be read are warnings at its line.
    @Test func readsLoadBalancerControllerActionsAsTheControllerDoes() throws {
        let facts = read("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: ui
              annotations:
                alb.ingress.kubernetes.io/actions.a: '{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"api","ServicePort":"80"}]}}'
                alb.ingress.kubernetes.io/actions.b: '{"type":"forward","forwardConfig":{"targetGroups":[{"serviceName":"old"}]},"forwardConfig":{"targetGroups":[{"serviceName":"new"}]}}'
                alb.ingress.kubernetes.io/actions.c: '{"type":"forward",'
                alb.ingress.kubernetes.io/actions.d: '{"type":"forward","targetGroupARN":"arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/x/y"}'
                alb.ingress.kubernetes.io/actions.e: '{"type":"forward","forwardConfig":{"targetGroups":[{"serviceName":"first","SERVICENAME":"middle","ſerviceName":"last"}]}}'
            spec:
              rules:
                - http:
                    paths:
                      - {path: /a, pathType: Prefix, backend: {service: {name: a, port: {name: use-annotation}}}}
                      - {path: /b, pathType: Prefix, backend: {service: {name: b, port: {name: use-annotation}}}}
                      - {path: /c, pathType: Prefix, backend: {service: {name: c, port: {name: use-annotation}}}}
                      - {path: /c2, pathType: Prefix, backend: {service: {name: c, port: {name: use-annotation}}}}
                      - {path: /d, pathType: Prefix, backend: {service: {name: d, port: {name: use-annotation}}}}
                      - {path: /e, pathType: Prefix, backend: {service: {name: e, port: {name: use-annotation}}}}
            """)
        // A repeated key is merged by the controller, not replaced: every Service named counts
        // (keys are matched without regard to case, `ſ` for `s`), with a warning.
        #expect(facts.ingresses.first?.backends.map(\.name) == ["api", "old", "new", "first", "middle", "last"])
        // Once for the action, however many paths use it.
        #expect(facts.diagnostics.map(\.summary) == [
            "the load balancer action b of Ingress default/ui repeats a key the controller merges: every Service it names is counted",
            "the load balancer action c of Ingress default/ui cannot be read: it is not a JSON object Faultline reads",
            "the load balancer action e of Ingress default/ui repeats a key the controller merges: every Service it names is counted",
        ])
        #expect(facts.diagnostics.map(\.line) == [7, 8, 10])
    }

    /// A key written twice fails a document that may declare an object (Kubernetes refuses
    /// it); in a tool's file that declares none (Test Kitchen's, an OpenAPI document) it is a
    /// note, so a change to such a file is no unreadable file.
    @Test func aRepeatedKeyOutsideObjectsIsANote() throws {
        let kitchen = KubernetesReader().read(path: ".kitchen.yml", bytes: Array("""
            suites:
              - name: default
                verifier:
                  attrs: [a]
                  attrs: [b]
            """.utf8))
        #expect(kitchen.diagnostics.map(\.severity) == [.note] && kitchen.diagnostics.first?.line == 5, "\(kitchen.diagnostics)")
        let manifest = KubernetesReader().read(path: "k8s/svc.yaml", bytes: Array("""
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              type: ClusterIP
              type: LoadBalancer
            """.utf8))
        #expect(manifest.diagnostics.map(\.severity) == [.error], "\(manifest.diagnostics)")
        // Written in any other style, a document with `kind` (or an escape that could spell it)
        // keeps the error.
        for text in [
            #"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"A": "1", "A": "2"}}"#,
            "apiVersion: v1\nkind : ConfigMap\nmetadata: {name: a}\ndata: {A: '1', A: '2'}\n",
            "apiVersion: v1\n? kind\n: ConfigMap\nmetadata: {name: a}\ndata: {A: '1', A: '2'}\n",
            "apiVersion: v1\r!!str kind: ConfigMap\rmetadata: {name: a}\rdata: {A: '1', A: '2'}\r",
            #"{"apiVersion": "v1", "\x6bind": "ConfigMap", "data": {"A": "1", "A": "2"}}"#,
        ] {
            let facts = KubernetesReader().read(path: "k8s/cm.yaml", bytes: Array(text.utf8))
            #expect(facts.diagnostics.map(\.severity) == [.error], "\(text): \(facts.diagnostics)")
        }
    }

    /// A bare name in an address setting is read wherever env values and ConfigMap entries
    /// are: a JSON 6902 patch's env value, a configMapGenerator's literal.
    @Test func bareNamesAreReadInPatchesAndGeneratorLiterals() throws {
        let patch = KubernetesReader().read(path: "overlay/patch.yaml", bytes: Array("""
            - op: replace
              path: /spec/template/spec/containers/0/env/0
              value: {name: ASSETS_HOST, value: assets}
            """.utf8))
        let patched = patch.patchOperations?.workloads.flatMap(\.mentions) ?? []
        #expect(patched.contains { $0.group == Mention.bareServiceName && $0.text == "assets" }, "\(patched)")
        // A value set by position: its name is known only when the patch is applied, and the
        // linker asks then.
        let positional = KubernetesReader().read(path: "overlay/patch.yaml", bytes: Array("""
            - op: replace
              path: /spec/template/spec/containers/0/env/0/value
              value: assets
            """.utf8))
        #expect(positional.patchOperations?.workloads.flatMap(\.mentions).contains { $0.group == Mention.bareServiceName } == true)
        let generator = KustomizationReader().read(path: "overlay/kustomization.yaml", bytes: Array("""
            configMapGenerator:
            - name: web
              literals: [ASSETS_HOST=assets, TITLE=assets]
            """.utf8))
        let mentions = generator.kustomization?.generatedConfigMaps.flatMap(\.mentions) ?? []
        #expect(mentions.map(\.context) == ["ConfigMap key ASSETS_HOST"] && mentions.first?.group == Mention.bareServiceName, "\(mentions)")
    }

    /// An action's JSON is read by the HCL module's strict JSON reader, in the order written:
    /// keys alike but for case are all found, the last last; not JSON, nothing.
    @Test func readsActionJSONInTheOrderWritten() throws {
        let json = try #require(JSONNode.parse(#" {"a": [1, -2.5e3, true, null, "x\u00e9\n"], "ſ": 1, "A": {"b": "\ud83d\ude00"}} "#))
        #expect(json.all("a").count == 2 && json.all("a").last?.all("b").first?.string == "😀")
        #expect(json.all("a").first?.items?.last?.string == "xé\n" && json.repeats("S") == false && json.all("s").count == 1)
        for text in ["{", "{\"a\" 1}", "[1,]", "{\"a\": tru}", "\"a\" x", String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
                     "1-2", "+1", ".5", "1e", "-", "\"\\u+041\"", "\"\\ud800\\uZZZZ\""] {
            #expect(JSONNode.parse(text) == nil, "\(text)")
        }
        for text in ["0", "-0.5e+3", "10E2", "\"\\u0041\""] { #expect(JSONNode.parse(text) != nil, "\(text)") }
        // A lone surrogate is U+FFFD, and an escape after it that does not complete it stands.
        #expect(JSONNode.parse(#""a\ud800\u0062""#)?.string == "a\u{FFFD}b")
        #expect(JSONNode.parse(#""\ud800x""#)?.string == "\u{FFFD}x")
    }

    @Test(arguments: [
        ("HTTPRoute", "v1"), ("GRPCRoute", "v1"), ("TLSRoute", "v1alpha2"), ("TCPRoute", "v1alpha2"), ("UDPRoute", "v1alpha2"),
    ])
    func readsEveryGatewayAPIRouteKind(kind: String, version: String) throws {
        let facts = read("""
            apiVersion: gateway.networking.k8s.io/\(version)
            kind: \(kind)
            metadata: {name: r}
            spec:
              parentRefs:
                - name: gw
                  sectionName: tls
              rules:
                - backendRefs:
                    - name: svc
                      port: 443
            """)
        let route = try #require(facts.routes.first)
        #expect(route.id == "k8s:\(kind)/default/r")
        // Namespaces default to the route's, a parent's kind to Gateway; each is at its name's line.
        #expect(route.parents == [.init(kind: "Gateway", namespace: "default", name: "gw", line: 6)])
        #expect(route.backends == [.init(namespace: "default", name: "svc", line: 10)])
        #expect(facts.diagnostics.isEmpty)
    }

    /// Istio's `Gateway` is another kind, shaped otherwise: read with its pod selector and no
    /// class; another group's Gateway (Gloo's) stays a note.
    @Test func readsTheGatewayAPIsGatewayAndIstiosApart() {
        let facts = read("""
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: public, namespace: infra}
            spec: {gatewayClassName: gke-l7-global-external-managed}
            ---
            apiVersion: networking.istio.io/v1beta1
            kind: Gateway
            metadata: {name: mesh, namespace: istio-system}
            spec: {selector: {istio: ingressgateway}}
            ---
            apiVersion: gateway.solo.io/v1
            kind: Gateway
            metadata: {name: gloo, namespace: gloo-system}
            spec: {bindPort: 8080}
            """)
        var istio = GatewayFact(namespace: "istio-system", name: "mesh", line: 6, className: nil)
        istio.selector = ["istio": "ingressgateway"]
        #expect(facts.gateways == [GatewayFact(namespace: "infra", name: "public", line: 1, className: "gke-l7-global-external-managed"), istio])
        #expect(facts.diagnostics.map(\.summary) == ["kind Gateway (gateway.solo.io/v1) is not modelled"] && facts.diagnostics.map(\.line) == [11])
    }

    @Test(arguments: ["ReferenceGrant", "GatewayClass", "BackendTLSPolicy", "BackendLBPolicy"])
    func gatewayAPIKindsWithNothingToLinkAreQuiet(kind: String) {
        #expect(read("apiVersion: gateway.networking.k8s.io/v1beta1\nkind: \(kind)\nmetadata: {name: x}\nspec: {}\n").isEmpty)
    }

    @Test func readsNginxInConfigMapsWithTheNginxReaderAndSplitsOtherValuesIntoLines() throws {
        let facts = read("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: nginx, namespace: web}
            data:
              ASSETS_URL: https://cdn.example.com/
              nginx.conf: |
                server {
                  # proxy_pass http://commented.example.com;
                  location /static/ {
                    proxy_pass https://weave-ui-assets.s3.amazonaws.com/;
                  }
                }
            """)
        let configMap = try #require(facts.configMaps.first)
        #expect(configMap.mentions.map(\.line) == [5, 10])
        // The commented-out proxy_pass is a comment to the nginx reader, not an endpoint.
        #expect(configMap.mentions[1].text == "https://weave-ui-assets.s3.amazonaws.com/")
        #expect(configMap.mentions[1].context == "proxy_pass in ConfigMap key nginx.conf")
        #expect(configMap.mentions[0].context == "ConfigMap key ASSETS_URL")
    }

    /// A dashboard kept as JSON is data, not nginx: its `"alias"` and `"index"` fields are not
    /// directives, so it gives no syntax errors, only its lines that could name an endpoint.
    @Test func readsJSONInConfigMapsAsLinesNotAsNginx() throws {
        let facts = read("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: dashboards, namespace: monitoring}
            data:
              api.json: |-
                {
                  "panels": [{"alias": "p99", "index": 1}],
                  "links": [{"url": "https://grafana.example.com/d/x"}]
                }
              inline: '{"alias": "x", "url": "https://a.example.com/"}'
            """)
        #expect(facts.diagnostics.isEmpty)
        let configMap = try #require(facts.configMaps.first)
        // Not a dashboard (no schemaVersion): its links may be what a program loads.
        #expect(configMap.mentions.map(\.line) == [8, 10])
        #expect(configMap.mentions.map(\.context) == ["ConfigMap key api.json", "ConfigMap key inline"])
    }

    /// The links of a Grafana dashboard (its own, a panel's, a field's) are URLs for people,
    /// which Grafana never fetches: not needs. Other URLs in it are read as before, and so is
    /// JSON that is no document of links, or does not parse.
    @Test func aDashboardsLinksAreNoNeeds() throws {
        let facts = read("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: dashboards, namespace: monitoring}
            data:
              shop.json: |-
                {
                  "schemaVersion": 39,
                  "links": [{"type": "link", "title": "repo", "url": "https://github.com/acme/shop"}],
                  "panels": [
                    {"type": "text", "links": [{"url": "https://runbooks.example.com/x"}],
                     "fieldConfig": {"defaults": {"links": [{"title": "trace", "url": "https://tempo.example.com/${__value.raw}"}]}},
                     "datasource": {"url": "https://prometheus.example.com"}}
                  ]
                }
              flat.json: '{"dashboard": {"schemaVersion": 39, "rows": [], "links": [{"url": "https://github.com/acme/a"}]}, "source": "https://assets.s3.amazonaws.com/a.js"}'
              broken.json: '{"links": [{"url": "https://github.com/acme/b"}'
              config.json: '{"title": "shop", "panels": [], "links": [{"name": "assets", "url": "https://weave-ui-assets.s3.amazonaws.com/c.json"}]}'
            """)
        let texts = try #require(facts.configMaps.first).mentions.map(\.text)
        #expect(texts.count == 4)
        #expect(texts[0].contains("prometheus.example.com") && !texts[1].contains("github.com") && texts[1].contains("assets.s3"))
        #expect(texts[2].contains("github.com/acme/b"))
        // An application's own JSON, no dashboard: its links are what it loads.
        #expect(texts[3].contains("weave-ui-assets.s3.amazonaws.com"))
        // Nor is a ConfigMap neither named nor labelled for dashboards, whatever its JSON holds.
        let spoof = read("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: app-config, namespace: shop}
            data:
              catalog.json: '{"schemaVersion": 1, "panels": [], "links": [{"url": "https://weave-ui-assets.s3.amazonaws.com/c.json"}]}'
            """)
        #expect(spoof.configMaps.first?.mentions.map(\.text).contains { $0.contains("weave-ui-assets") } == true)
        let labelled = read("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: shop, namespace: monitoring, labels: {grafana_dashboard: "1"}}
            data:
              shop.json: '{"schemaVersion": 39, "panels": [], "links": [{"url": "https://github.com/acme/shop"}]}'
            """)
        #expect(labelled.configMaps.first?.mentions.isEmpty == true)
    }

    /// A PHP page in a ConfigMap has `return` and `if` in it, but it is no nginx file: read
    /// as one, a quote it opens made an error, and a changed page failed the check (exit 2).
    @Test func aProgramInAConfigMapIsNotReadAsNginx() throws {
        let facts = read("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: app, namespace: web}
            data:
              index.php: |
                <?php
                function metadata_value($value) {
                    return $content;
                }
                if ($_SERVER['HTTP_X_FORWARDED_PROTO'] == "http") {
                    $redirect = 'https://' . $_SERVER['HTTP_HOST'];
                    header('Location: ' . $redirect);
                }
                ?>
                <script src="https://cdn.example.com/app.js"></script>
            """)
        #expect(facts.diagnostics.isEmpty)
        let mentions = try #require(facts.configMaps.first).mentions
        #expect(mentions.allSatisfy { $0.context == "ConfigMap key index.php" })
        #expect(mentions.contains { $0.text.contains("https://cdn.example.com/app.js") && $0.line == 15 })
    }

    /// Kustomize files and tools' configuration shaped like objects are notes, not objects
    /// missing a name; an object of a kind Faultline reads with metadata but no name is still a
    /// warning.
    @Test func passesOverKustomizeAndToolConfigurationWithNotes() throws {
        let facts = read("""
            apiVersion: kustomize.config.k8s.io/v1alpha1
            kind: Component
            patches: [{path: p.yaml}]
            ---
            apiVersion: kind.x-k8s.io/v1alpha4
            kind: Cluster
            nodes: [{role: control-plane}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {namespace: web}
            ---
            apiVersion: install.istio.io/v1alpha1
            kind: IstioOperator
            metadata: {namespace: istio-system}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {namespace: web}
            """)
        #expect(facts.diagnostics.map(\.severity) == [.note, .note, .warning, .note])
        #expect(facts.diagnostics.map(\.line) == [1, 5, 9, 13])
        #expect(facts.diagnostics[0].summary == "Kustomize Component outside a file named kustomization.yaml is not rendered by Kustomize")
        #expect(facts.diagnostics[2].summary == "Service has no metadata.name")
        // A kind Faultline does not read is passed over as ever, named or not.
        #expect(facts.diagnostics[3].summary == "kind IstioOperator (install.istio.io/v1alpha1) is not modelled")
    }

    /// A kustomization is read by its file name, with or without `apiVersion`: what it renders
    /// and the images it sets; remote resources are never fetched and what is not applied is
    /// named.
    @Test func readsAKustomizationsResourcesComponentsAndImages() throws {
        let text = """
            resources:
            - ../../base
            - extra.yaml
            - https://github.com/example/deploy//app?ref=v1
            bases: [../old]
            components: [../../components/registry]
            namePrefix: prod-
            namespace: shop
            replacements: [{path: r.yaml}]
            images:
            - name: gcr.io/shop/app
              newName: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app
              newTag: "2"
            - newTag: "3"
            """
        let facts = KustomizationReader().read(path: "k8s/overlays/prod/kustomization.yaml", bytes: Array(text.utf8))
        let kustomization = try #require(facts.kustomization)
        #expect(kustomization.isComponent == false)
        #expect(kustomization.resources.map(\.path) == ["../../base", "extra.yaml", "../old"])
        #expect(kustomization.components.map(\.path) == ["../../components/registry"])
        #expect(kustomization.images == [ImageOverride(
            name: "gcr.io/shop/app", newName: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app", newTag: "2", line: 12)])
        #expect(kustomization.namePrefix == "prod-")
        #expect(kustomization.nameSuffix == nil)
        #expect(kustomization.namespace == "shop")
        #expect(facts.diagnostics.map(\.line) == [4, 14, 1])
        #expect(facts.diagnostics.map(\.summary) == [
            "remote Kustomize resource https://github.com/example/deploy//app?ref=v1 is not fetched",
            "Kustomize images entry has no name",
            "Kustomize Kustomization: replacements not applied, only its resources, images, namespace, names, labels and patches",
        ])
        #expect(facts.workloads.isEmpty)
        #expect(ReaderRegistry.reader(for: "k8s/base/Kustomization")?.name == "kustomization")
        #expect(ReaderRegistry.reader(for: "k8s/base/kustomization.yml")?.name == "kustomization")
        // Renamed, the same text is read by the Kubernetes reader, under another cache key.
        #expect(ReaderRegistry.reader(for: "k8s/base/kust.yaml")?.name == "kubernetes")
    }

    /// Patch files are named in three fields; an inline patch names no file.
    @Test func readsTheFilesOfAKustomizationsPatches() throws {
        let text = """
            patchesStrategicMerge:
            - lb.yaml
            - |-
              apiVersion: v1
              kind: Service
            patches:
            - path: replicas.yaml
            - patch: '[{"op": "remove", "path": "/spec"}]'
            patchesJson6902:
            - target: {kind: Deployment, name: a}
              path: ops.yaml
            """
        let facts = KustomizationReader().read(path: "k8s/ci/kustomization.yaml", bytes: Array(text.utf8))
        let kustomization = try #require(facts.kustomization)
        #expect(kustomization.patches.map(\.path) == ["lb.yaml", "replicas.yaml", "ops.yaml"])
        #expect(kustomization.patches.map(\.line) == [2, 7, 11])
        // Patches to apply: two files, the inline Service (no metadata: passed over with a note
        // at its line), the inline operations (removing the spec is not applied: a note at the
        // operation) and the operations file with its target.
        #expect(kustomization.strategicPatches.map { $0.file?.path ?? "inline" } == ["lb.yaml", "inline", "replicas.yaml", "inline", "ops.yaml"])
        #expect(kustomization.strategicPatches[1].objects == PatchObjects())
        #expect(kustomization.strategicPatches[3].objects?.fromOperations == true)
        #expect(kustomization.strategicPatches[4].target == PatchTarget(kind: "Deployment", name: "a"))
        #expect(!kustomization.hasUnreadInlinePatches)
        #expect(facts.diagnostics.map { "\($0.line ?? 0) \($0.summary)" } == [
            "4 Service (v1) has no metadata, so it is read as a tool's configuration, not a Kubernetes object",
            "8 JSON 6902 operation remove /spec is not applied",
        ])
    }

    /// An inline patch's objects are read at their lines in the kustomization; a `target:`
    /// selecting by labels is not applied.
    @Test func readsInlinePatchesAtTheirLines() throws {
        let text = """
            resources: [../base]
            patches:
            - target: {kind: Deployment, name: "web-.*"}
              patch: |-
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: any}
                spec:
                  template:
                    spec:
                      containers:
                      - name: web
                        image: quay.io/x/web:2
                        env: [{name: ASSETS, value: "https://a.s3.amazonaws.com/x"}]
            - target: {labelSelector: "app=web"}
              path: p.yaml
            """
        let facts = KustomizationReader().read(path: "k8s/prod/kustomization.yaml", bytes: Array(text.utf8))
        let kustomization = try #require(facts.kustomization)
        #expect(kustomization.strategicPatches.count == 1)
        let patch = try #require(kustomization.strategicPatches.first)
        #expect(patch.target == PatchTarget(kind: "Deployment", name: "web-.*"))
        let workload = try #require(patch.objects?.workloads.first)
        #expect(workload.line == 5)
        #expect(workload.images == [ImageMention(reference: "quay.io/x/web:2", line: 13, container: "web")])
        #expect(workload.mentions.map(\.line) == [14])
        #expect(workload.settings == ["web/env ASSETS"])
        #expect(kustomization.patches.map(\.path) == ["p.yaml"])
        #expect(facts.diagnostics.map { "\($0.line ?? 0) \($0.summary)" } == [
            "15 Kustomize patch selecting its targets by label or annotation is not applied",
        ])
    }

    @Test(arguments: [
        ("app", ImageOverride(name: "app", newName: "reg.example/app", line: 1), "reg.example/app"),
        ("app:1", ImageOverride(name: "app", newName: "reg.example/app", line: 1), "reg.example/app:1"),
        ("app:1", ImageOverride(name: "app", newTag: "2", line: 1), "app:2"),
        ("app@sha256:aa", ImageOverride(name: "app", newTag: "2", line: 1), "app:2"),
        ("app:1", ImageOverride(name: "app", digest: "sha256:bb", line: 1), "app@sha256:bb"),
        ("localhost:5000/app:1", ImageOverride(name: "localhost:5000/app", newName: "x/app", line: 1), "x/app:1"),
        ("localhost:5000/app", ImageOverride(name: "localhost", newName: "x", line: 1), nil),
        ("other:1", ImageOverride(name: "app", newName: "x", line: 1), nil),
        ("app-two:1", ImageOverride(name: "app", newName: "x", line: 1), nil),
    ] as [(String, ImageOverride, String?)])
    func imageOverridesMatchTheWholeNameAsKustomizeDoes(reference: String, override: ImageOverride, expected: String?) {
        #expect(override.apply(to: reference) == expected)
    }

    @Test func readsStorageClassesAndClaims() throws {
        let facts = read("""
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata: {name: zonal}
            allowedTopologies:
              - matchLabelExpressions:
                  - {key: topology.ebs.csi.aws.com/zone, values: [us-east-1a]}
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data, namespace: db}
            spec: {storageClassName: zonal}
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: pg, namespace: db}
            spec:
              template:
                spec:
                  containers: [{name: pg, image: postgres}]
                  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
              volumeClaimTemplates:
                - metadata: {name: wal}
                  spec: {storageClassName: zonal}
            """)
        #expect(facts.storageClasses == [StorageClassFact(name: "zonal", line: 1, zones: ["us-east-1a"])])
        #expect(facts.claims == [ClaimFact(namespace: "db", name: "data", line: 8, storageClass: "zonal")])
        let workload = try #require(facts.workloads.first)
        #expect(workload.claims.map(\.name) == ["data"] && workload.claimTemplateClasses.map(\.name) == ["zonal"])
    }

    @Test func unknownKindsGetANoteAndNonKubernetesYAMLGetsNothing() {
        let crd = read("apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m}\n")
        #expect(crd.diagnostics.map(\.severity) == [.note] && crd.diagnostics[0].summary.contains("ServiceMonitor"))
        let compose = read("services:\n  web:\n    image: nginx\n", path: "deploy/stack.yaml")
        #expect(compose.isEmpty)
        let quiet = read("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: b}\n")
        #expect(quiet.isEmpty)
    }

    /// A kind named like a built-in one but of another API is that API's: Config Connector's
    /// `Service` enables a Google API and routes nothing, so an env value naming it is no
    /// address of it either. The built-in ones are read in every group they are served from.
    @Test func aKindOfAnotherAPIIsNotTheBuiltInOne() {
        let connector = read("""
            apiVersion: serviceusage.cnrm.cloud.google.com/v1beta1
            kind: Service
            metadata: {name: sqladmin.googleapis.com, namespace: wp}
            ---
            apiVersion: example.com/v1
            kind: Ingress
            metadata: {name: edge}
            ---
            apiVersion: example.com/v1
            kind: ConfigMap
            metadata: {}
            """)
        #expect(connector.services.isEmpty && connector.ingresses.isEmpty && connector.configMaps.isEmpty)
        #expect(connector.diagnostics.map(\.severity) == [.note, .note, .note] && connector.diagnostics.map(\.line) == [1, 5, 9])
        #expect(connector.diagnostics[0].summary == "kind Service (serviceusage.cnrm.cloud.google.com/v1beta1) is not modelled")
        let builtIn = read("""
            apiVersion: v1
            kind: Service
            metadata: {name: a}
            ---
            apiVersion: extensions/v1beta1
            kind: Ingress
            metadata: {name: b}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: c}
            ---
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata: {name: d}
            ---
            kind: ConfigMap
            metadata: {name: e}
            """)
        #expect(builtIn.services.map(\.name) == ["a"] && builtIn.ingresses.map(\.name) == ["b", "c"])
        #expect(builtIn.storageClasses.map(\.name) == ["d"] && builtIn.configMaps.map(\.name) == ["e"])
    }

    @Test func brokenDocumentsAreDiagnosedAndTheRestIsStillRead() {
        let facts = read("""
            apiVersion: v1
            kind: Service
            metadata: {name: a
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: b}
            spec: {selector: {app: b}}
            """)
        #expect(facts.services.map(\.name) == ["b"])
        #expect(facts.diagnostics.contains { $0.severity == .error && $0.path == "k8s/app.yaml" && $0.line != nil })
    }

    @Test func aHelmTemplateIsDiagnosedNotMisread() {
        let facts = read("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{ .Release.Name }}
            spec:
              replicas: {{ .Values.replicas }}
            """, path: "chart/templates/deploy.yaml")
        #expect(facts.workloads.isEmpty)
        #expect(facts.diagnostics.contains { $0.summary.contains("Helm") })
    }

    @Test(arguments: [
        ("k8s/app.yaml", true), ("deploy/x.yml", true), (".circleci/config.yml", false), (".github/workflows/ci.yaml", false),
        (".gitlab-ci.yml", false), (".faultline.yaml", false), ("docker-compose.yml", false), ("README.md", false),
        ("sub/.github/workflows/x.yml", false), ("app.json", false), ("ci/.gitlab-ci.deploy.yml", false),
        ("k8s/my.github/app.yaml", true), ("k8s/x.faultline.yaml", true), ("deploy/compose.yaml", false),
    ])
    func acceptsManifestPathsOnly(path: String, accepted: Bool) {
        #expect(KubernetesReader().accepts(path: path) == accepted)
    }

    @Test func aMissingNameIsAWarningNotACrash() {
        let facts = read("apiVersion: v1\nkind: Service\nmetadata: {}\n")
        #expect(facts.services.isEmpty && facts.diagnostics.map(\.severity) == [.warning])
    }
}
