#!/bin/sh
# Renders `faultline audit --format html` in headless Chromium and checks the page: the timeline
# SVG is drawn with one line per scenario kind, the introduced / resolved / open tables carry
# commit ids, nothing is fetched from the network and no script runs. Leaves a screenshot.
#
# Usage: scripts/audit-html-check.sh [FAULTLINE] [OUTDIR]
#   FAULTLINE  the binary (default .build/debug/faultline)
#   OUTDIR     where audit.html, dom.html and audit.png go (default a temporary folder)
# Needs git and chromium (apt-get install -y chromium). Not part of `make test`.
set -eu

FAULTLINE=${1:-.build/debug/faultline}
case $FAULTLINE in /*) ;; *) FAULTLINE=$(pwd)/$FAULTLINE ;; esac
OUT=${2:-$(mktemp -d)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$CHROMIUM" ] || { echo "audit-html-check: chromium not found; apt-get install -y chromium" >&2; exit 2; }
[ -x "$FAULTLINE" ] || { echo "audit-html-check: $FAULTLINE is not built; run swift build --product faultline" >&2; exit 2; }

REPO=$(mktemp -d)
trap 'rm -rf "$REPO"' EXIT
export GIT_AUTHOR_NAME="Ada Lovelace" GIT_AUTHOR_EMAIL=ada@example.com GIT_COMMITTER_NAME="Ada Lovelace" GIT_COMMITTER_EMAIL=ada@example.com
export GIT_CONFIG_NOSYSTEM=1 HOME="$REPO"
git -C "$REPO" init -q -b main
day=0
commit() {
  day=$((day + 1))
  GIT_AUTHOR_DATE="@$((1700000000 + day * 86400)) +0000" GIT_COMMITTER_DATE="@$((1700000000 + day * 86400)) +0000" \
    git -C "$REPO" add -A
  GIT_AUTHOR_DATE="@$((1700000000 + day * 86400)) +0000" GIT_COMMITTER_DATE="@$((1700000000 + day * 86400)) +0000" \
    git -C "$REPO" commit -q -m "$1"
}
manifest() { # name assets image
  cat <<YAML
apiVersion: apps/v1
kind: Deployment
metadata: {name: $1, namespace: shop}
spec:
  template:
    metadata: {labels: {app: $1}}
    spec:
      containers:
        - name: app
          image: $3
          envFrom: [{configMapRef: {name: $1-config}}]
---
apiVersion: v1
kind: Service
metadata: {name: $1, namespace: shop}
spec: {selector: {app: $1}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: $1, namespace: shop}
spec:
  rules:
    - host: $1.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: $1, port: {number: 80}}}}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: $1-config, namespace: shop}
data: {ASSETS_URL: "$2"}
YAML
}
mkdir -p "$REPO/k8s"
printf 'version: 1\nclusters:\n  - {name: prod, provider: aws, region: us-east-1, zones: [us-east-1a, us-east-1b, us-east-1c]}\n' > "$REPO/.faultline.yaml"
manifest ui /static/ gcr.io/shop/ui:1 > "$REPO/k8s/ui.yaml"
commit "UI from its own image"
manifest ui https://ui-assets.s3.amazonaws.com/ gcr.io/shop/ui:1 > "$REPO/k8s/ui.yaml"
commit "Serve UI assets from S3"
manifest api /static/ docker.io/shop/api:1 > "$REPO/k8s/api.yaml"
commit "Add the API, image on Docker Hub"
echo docs > "$REPO/README.md"
commit "Docs"
manifest ui /static/ gcr.io/shop/ui:2 > "$REPO/k8s/ui.yaml"
commit "UI assets back in the image"
manifest api /static/ gcr.io/shop/api:1 > "$REPO/k8s/api.yaml"
commit "API image to gcr.io"
INTRODUCED=$(git -C "$REPO" rev-parse HEAD~4)
RESOLVED=$(git -C "$REPO" rev-parse HEAD~1)

"$FAULTLINE" audit --repo "$REPO" --format html --output "$OUT/audit.html"
# --no-sandbox: containers and CI runners often lack the namespaces Chromium's sandbox needs.
"$CHROMIUM" --headless --no-sandbox --disable-gpu --dump-dom "file://$OUT/audit.html" > "$OUT/dom.html" 2>/dev/null
"$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1400 \
  --screenshot="$OUT/audit.png" "file://$OUT/audit.html" >/dev/null 2>&1

failures=0
check() { # description, then a grep -E pattern that must match the rendered DOM
  if grep -Eq "$2" "$OUT/dom.html"; then echo "ok   $1"; else echo "FAIL $1"; failures=$((failures + 1)); fi
}
refuse() { # description, then a pattern that must not match the saved page
  if grep -Eq "$2" "$OUT/audit.html"; then echo "FAIL $1"; failures=$((failures + 1)); else echo "ok   $1"; fi
}
check "the page rendered (title)" "<title>Faultline audit of HEAD</title>"
check "the timeline SVG is in the DOM" '<svg id="timeline"'
check "a line for service scenarios" 'class="series" data-kind="service"'
check "a line for saas scenarios" 'class="series" data-kind="saas"'
check "the introduced table names the S3 commit" "<table id=\"introduced\">.*"
check "the S3 commit's id is on the page" "title=\"$INTRODUCED\""
check "the commit that resolved it is on the page" "title=\"$RESOLVED\""
check "the S3 scenario is listed" "service:aws/us-east-1/s3"
check "the open table is there" '<table id="open">'
check "came and went is there" '<table id="came-and-went">'
refuse "no script" "<script"
refuse "nothing fetched (src/href/url/@import)" "(src=|href=|url\\(|@import)"
[ -s "$OUT/audit.png" ] && echo "ok   screenshot $OUT/audit.png ($(wc -c < "$OUT/audit.png") bytes)" || { echo "FAIL no screenshot"; failures=$((failures + 1)); }
echo "page: $OUT/audit.html"
[ "$failures" -eq 0 ] || { echo "audit-html-check: $failures check(s) failed" >&2; exit 1; }
echo "audit-html-check: all checks passed"
