import Foundation

/// The Weave Cloud story as a repository built at test time: a UI on a three-zone us-east-1
/// cluster, its image in ECR, then a commit that moves its assets to an S3 bucket.
public enum WeaveFixture {
    public static let config = """
        version: 1
        clusters:
          - name: prod
            provider: aws
            region: us-east-1
            zones: [us-east-1a, us-east-1b, us-east-1c]
        """

    public static func manifest(replicas: Int = 3, tag: String = "1.0", assets: String = "/static/", label: String = "ui") -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: ui
          namespace: weave
          labels: {team: \(label)}
        spec:
          replicas: \(replicas)
          template:
            metadata:
              labels: {app: ui}
            spec:
              containers:
                - name: ui
                  image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/weave/ui:\(tag)
                  envFrom:
                    - configMapRef: {name: ui-config}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: ui, namespace: weave}
        spec:
          selector: {app: ui}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: ui, namespace: weave}
        spec:
          rules:
            - host: cloud.weave.works
              http:
                paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: ui, port: {number: 80}}}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: ui-config, namespace: weave}
        data:
          ASSETS_URL: \(assets)
        """
    }

    public static let bucket = "https://weave-ui-assets.s3.amazonaws.com/"

    /// A repository whose first commit is the safe layout; returns the scratch folder.
    public static func make() throws -> Scratch {
        let s = try Scratch()
        try s.initRepository()
        try s.write(".faultline.yaml", config)
        try s.write("k8s/ui.yaml", manifest())
        try s.commit("UI served from its own image")
        return s
    }
}
