#!/usr/bin/env python3
"""Differential test of Faultline's HCL parser against python-hcl2.

For every .tf file under the given directories, runs `hcl-dump` and python-hcl2 (the oracle,
`pip install python-hcl2`; never needed by the Swift test suite) and compares the structure:
block types, labels, attribute names per body and nesting, plus literal values where both sides
give a plain literal. Prints each disagreement and the agreement rate
(files that both parse and agree / files that both parse).

    scripts/hcl-differential.py [--hcl-dump .build/release/hcl-dump] DIR [DIR ...]

It reads only the local directories it is given; it never downloads anything.
"""
import argparse
import json
import math
import os
import subprocess
import sys

try:
    import hcl2
except ImportError:
    sys.exit("python-hcl2 is missing: pip install python-hcl2")

NON_LITERAL = object()
COUNTS = {"blocks": 0, "attributes": 0, "literals": 0}


def unquote(label):
    if len(label) >= 2 and label[0] == '"' and label[-1] == '"':
        return json.loads(label)
    return label


def oracle_literal(value):
    """A python-hcl2 attribute value as a plain literal, or NON_LITERAL."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        if value.startswith('"<<') and value.endswith('"'):
            return heredoc_literal(value[1:-1])
        # A number python-hcl2 does not fold, such as 1e3, comes back as `${1e3}`.
        if value.startswith("${") and value.endswith("}"):
            try:
                return float(value[2:-1])
            except ValueError:
                return NON_LITERAL
        # python-hcl2 keeps literal strings quoted as in the source; `${…}` marks an expression.
        if len(value) >= 2 and value[0] == '"' and value[-1] == '"' and not has_sequences(value):
            try:
                return unescape_sequences(json.loads(value))
            except ValueError:
                return NON_LITERAL
    return NON_LITERAL


def heredoc_literal(source):
    """The value of a heredoc python-hcl2 returns as source text (`<<-EOT⏎…⏎  EOT`), if it has no
    template sequences: `<<-` drops the smallest indent of the non-blank lines; the value keeps
    its final newline."""
    lines = source.split("\n")
    if len(lines) < 2 or has_sequences(source):
        return NON_LITERAL
    body = lines[1:-1]
    if lines[0].startswith("<<-"):
        indents = [len(line) - len(line.lstrip()) for line in body if line.strip()]
        cut = min(indents, default=0)
        body = [line[cut:] for line in body]
    return unescape_sequences("".join(line + "\n" for line in body))


def has_sequences(text):
    """Whether template text holds `${` or `%{`, not counting the escapes `$${` and `%%{`."""
    plain = text.replace("$${", "").replace("%%{", "")
    return "${" in plain or "%{" in plain


def unescape_sequences(text):
    return text.replace("$${", "${").replace("%%{", "%{")


def ours_literal(value):
    if isinstance(value, dict):
        return NON_LITERAL
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    return float(value)


def oracle_body(node):
    """python-hcl2's dict for a body → {"attributes": {name: literal}, "blocks": {type: [(labels, body)]}}."""
    attributes, blocks = {}, {}
    for key, value in node.items():
        if key.startswith("__") and key.endswith("__"):
            continue
        if isinstance(value, list) and value and all(isinstance(v, dict) and is_block_entry(v) for v in value):
            for entry in value:
                for labels, body in oracle_block_entries(entry, []):
                    blocks.setdefault(key, []).append((labels, body))
        else:
            attributes[key] = oracle_literal(value)
    return {"attributes": attributes, "blocks": blocks}


def is_block_entry(entry):
    if entry.get("__is_block__"):
        return True
    keys = [k for k in entry if not k.startswith("__")]
    return len(keys) >= 1 and all(isinstance(entry[k], dict) and is_block_entry(entry[k]) for k in keys)


def oracle_block_entries(entry, labels):
    if entry.get("__is_block__"):
        yield labels, oracle_body(entry)
        return
    for key, value in entry.items():
        if key.startswith("__"):
            continue
        yield from oracle_block_entries(value, labels + [unquote(key)])


def ours_body(node):
    blocks = {}
    for block in node["blocks"]:
        blocks.setdefault(block["type"], []).append((block["labels"], ours_body(block["body"])))
    return {"attributes": {k: ours_literal(v) for k, v in node["attributes"].items()}, "blocks": blocks}


def same_literal(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12)
    return a == b


def compare(ours, oracle, where, problems):
    oa, ob = set(ours["attributes"]), set(oracle["attributes"])
    for name in sorted(oa - ob):
        problems.append(f"{where}: attribute {name!r} only in hcl-dump")
    for name in sorted(ob - oa):
        problems.append(f"{where}: attribute {name!r} only in python-hcl2")
    for name in sorted(oa & ob):
        COUNTS["attributes"] += 1
        a, b = ours["attributes"][name], oracle["attributes"][name]
        if a is not NON_LITERAL and b is not NON_LITERAL:
            COUNTS["literals"] += 1
        if (a is NON_LITERAL) != (b is NON_LITERAL):
            which = "hcl-dump" if b is NON_LITERAL else "python-hcl2"
            problems.append(f"{where}.{name}: a plain literal only according to {which}")
        if a is not NON_LITERAL and b is not NON_LITERAL and not same_literal(a, b):
            problems.append(f"{where}.{name}: literal {a!r} (hcl-dump) != {b!r} (python-hcl2)")
    for block_type in sorted(set(ours["blocks"]) | set(oracle["blocks"])):
        mine, theirs = ours["blocks"].get(block_type, []), oracle["blocks"].get(block_type, [])
        if len(mine) != len(theirs):
            problems.append(f"{where}: {len(mine)} {block_type!r} blocks in hcl-dump, {len(theirs)} in python-hcl2")
            continue
        for i, ((la, ba), (lb, bb)) in enumerate(zip(mine, theirs)):
            COUNTS["blocks"] += 1
            label = "".join(f"[{l!r}]" for l in la)
            if la != lb:
                problems.append(f"{where}.{block_type}#{i}: labels {la} (hcl-dump) != {lb} (python-hcl2)")
                continue
            compare(ba, bb, f"{where}.{block_type}{label}", problems)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hcl-dump", default=".build/debug/hcl-dump", help="path of the hcl-dump executable")
    parser.add_argument("directories", nargs="+")
    args = parser.parse_args()

    files = sorted(
        os.path.join(root, name)
        for directory in args.directories
        for root, _, names in os.walk(directory)
        for name in names
        if name.endswith(".tf")
    )
    both = agree = ours_failed = oracle_failed = 0
    for path in files:
        run = subprocess.run([args.hcl_dump, path], capture_output=True, text=True)
        line = run.stdout.strip()
        ours = json.loads(line) if line else None
        try:
            with open(path, encoding="utf-8") as handle:
                oracle = hcl2.load(handle)
        except Exception as error:  # the oracle's own parse errors, of any type
            oracle_failed += 1
            print(f"ORACLE-FAIL {path}: {str(error).splitlines()[0] if str(error) else type(error).__name__}")
            oracle = None
        if ours is None or ours["errors"]:
            ours_failed += 1
            print(f"OURS-FAIL {path}: {ours['errors'] if ours else run.stderr.strip()}")
        if ours is None or ours["errors"] or oracle is None:
            continue
        both += 1
        problems = []
        compare(ours_body(ours["body"]), oracle_body(oracle), "", problems)
        if problems:
            print(f"DISAGREE {path}")
            for problem in problems:
                print(f"    {problem}")
        else:
            agree += 1
    rate = f"{agree / both:.1%}" if both else "n/a"
    print(f"\nfiles: {len(files)}, hcl-dump errors: {ours_failed}, python-hcl2 errors: {oracle_failed}")
    print(f"both parse: {both}, agree: {agree}, agreement: {rate}")
    print(f"compared: {COUNTS['blocks']} blocks, {COUNTS['attributes']} attributes, {COUNTS['literals']} literal values")


if __name__ == "__main__":
    main()
