#!/usr/bin/env bash
# Builds a small infrastructure repository in a temporary folder and shows what Faultline
# reads from it, straight from git objects. Usage: scripts/demo.sh PATH-TO-FAULTLINE
set -euo pipefail
faultline=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=$(mktemp -d "${TMPDIR:-/tmp}/faultline-demo.XXXXXX")
cd "$repo"
git init -q -b main
git config user.name "Demo" && git config user.email "demo@example.com"

mkdir -p k8s ui
cat > k8s/ui.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: ui, namespace: weave}
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: ui
          image: quay.io/weaveworks/ui:1.0
YAML
printf 'FROM nginx:1.25\nCOPY index.html /usr/share/nginx/html/\n' > ui/Dockerfile
printf '<script src="/app.js"></script>\n' > ui/index.html
git add -A && git commit -q -m "UI served from the nginx image"

printf '<script src="https://weave-ui-assets.s3.amazonaws.com/app.js"></script>\n' > ui/index.html
git add -A && git commit -q -m "Serve UI assets from S3"

echo "A demo repository with two commits is at: $repo"
echo
echo "\$ faultline files --repo $repo HEAD"
"$faultline" files --repo "$repo" HEAD
echo
echo "Faultline lists files from git objects, without a checkout. The outage check itself"
echo "('faultline check') is not built yet; see the README for what works today."
