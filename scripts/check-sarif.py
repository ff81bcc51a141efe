#!/usr/bin/env python3
"""Checks Faultline's SARIF output with an independent reader, sarif-tools.

Builds a throwaway git repository whose second commit moves a Deployment's image from gcr.io to
quay.io (a new single-SaaS dependency), runs `faultline check --format sarif` on it, and reads
the log with sarif-tools' Python API and its `sarif summary` command. Then does the same for a
change that adds no exposure. Any disagreement is an error: the script exits non-zero and says
what was wrong.

Not part of `make test` (it needs a Python package). Set-up, once:

    pip install sarif-tools

Usage:

    swift build --product faultline
    scripts/check-sarif.py [PATH-TO-FAULTLINE]      # default .build/debug/faultline
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

try:
    from sarif import loader
except ImportError:
    sys.exit("check-sarif: sarif-tools is not installed; run `pip install sarif-tools` and try again")

CONFIG = """version: 1
clusters:
  - name: prod
    provider: aws
    region: us-east-1
    zones: [us-east-1a, us-east-1b, us-east-1c]
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata: {{name: ui, namespace: weave}}
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: ui
          image: {image}
"""


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def git(repo, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="Faultline", GIT_AUTHOR_EMAIL="faultline@example.com",
               GIT_COMMITTER_NAME="Faultline", GIT_COMMITTER_EMAIL="faultline@example.com", GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def write(repo, path, text):
    full = os.path.join(repo, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as handle:
        handle.write(text)


def make_repository(root, second_image):
    """Two commits: the UI's image from gcr.io, then from `second_image`."""
    repo = os.path.join(root, "repo")
    os.makedirs(repo)
    git(repo, "init", "-q", "-b", "main")
    write(repo, ".faultline.yaml", CONFIG)
    write(repo, "k8s/ui.yaml", DEPLOYMENT.format(image="gcr.io/weave/ui:1.0"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "ui from gcr.io")
    write(repo, "k8s/ui.yaml", DEPLOYMENT.format(image=second_image))
    git(repo, "commit", "-q", "--allow-empty", "-am", "change the ui image")
    return repo


def run_check(faultline, repo, output):
    process = subprocess.run([faultline, "check", "--repo", repo, "--base", "HEAD~1", "--format", "sarif", "--output", output],
                             capture_output=True, text=True)
    expect(process.returncode in (0, 1), f"faultline check exited {process.returncode}: {process.stderr.strip()}")
    expect(os.path.exists(output), "faultline check wrote no SARIF file")
    return process.returncode


def check_log(path):
    """What any SARIF 2.1.0 consumer, and GitHub code scanning, relies on."""
    with open(path, encoding="utf-8") as handle:
        raw = json.load(handle)
    expect(raw.get("version") == "2.1.0", f"version is {raw.get('version')!r}, not '2.1.0'")
    sarif_file = loader.load_sarif_file(path)
    expect(sarif_file.get_distinct_tool_names() == ["Faultline"], f"tools: {sarif_file.get_distinct_tool_names()}")
    for run in raw["runs"]:
        rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
        expect(len(rule_ids) == len(set(rule_ids)), f"duplicate rule ids: {rule_ids}")
        for result in run["results"]:
            expect(result.get("ruleId") in rule_ids, f"result ruleId {result.get('ruleId')!r} is not a driver rule")
            expect(result.get("message", {}).get("text"), f"result without message text: {result}")
            expect(result.get("locations"), f"result without a location: {result.get('ruleId')}")
    for record in sarif_file.get_records():
        expect(record["Location"], f"record without a file: {record}")
        expect(isinstance(record["Line"], int) and record["Line"] >= 1, f"record without a line: {record}")
    return sarif_file


def summary(path):
    process = subprocess.run(["sarif", "summary", path], capture_output=True, text=True)
    expect(process.returncode == 0, f"sarif summary failed: {process.stderr.strip()}")
    return process.stdout.strip()


def main():
    try:
        check(os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/faultline"))
    except CheckFailed as failure:
        sys.exit(f"check-sarif: FAILED: {failure}")


def check(faultline):
    expect(os.access(faultline, os.X_OK), f"{faultline} is not an executable; build it with `swift build --product faultline`")
    expect(shutil.which("sarif"), "the `sarif` command is not on PATH; run `pip install sarif-tools`")
    root = tempfile.mkdtemp(prefix="faultline-sarif-")
    try:
        # A regression: quay.io is a SaaS the catalog places in AWS us-east-1.
        regression = os.path.join(root, "regression.sarif")
        status = run_check(faultline, make_repository(os.path.join(root, "a"), "quay.io/weaveworks/ui:1.0"), regression)
        expect(status == 1, f"faultline check exited {status} on a regression, expected 1")
        sarif_file = check_log(regression)
        report = sarif_file.get_report()
        errors = report.get_issues_for_severity("error")
        expect(any(issue["Code"] == "single-saas" and issue["Location"] == "k8s/ui.yaml" and issue["Line"] == 10 for issue in errors),
               f"no single-saas error at k8s/ui.yaml:10 among {errors}")
        print(f"regression: {sarif_file.get_result_count()} results, "
              f"{report.get_issue_count_for_severity('error')} errors, {report.get_issue_count_for_severity('warning')} warnings")
        print(summary(regression))

        # No new exposure: same registry host, another tag.
        clean = os.path.join(root, "clean.sarif")
        status = run_check(faultline, make_repository(os.path.join(root, "b"), "gcr.io/weave/ui:1.1"), clean)
        expect(status == 0, f"faultline check exited {status} on a harmless change, expected 0")
        sarif_file = check_log(clean)
        expect(sarif_file.get_result_count() == 0, f"a harmless change gave {sarif_file.get_result_count()} results")
        print(f"clean change: {sarif_file.get_result_count()} results")
        print("check-sarif: OK")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
