#!/usr/bin/env python3
"""Checks one `verifier check` run of the real-engine stage, on the verifier's output only.

    check_run.py RUN_DIR CANDIDATE REFERENCE

RUN_DIR is Reports/…/<time>-<candidate>/ (evidence.jsonl, scorecard.json). The checks:
  * the run finished: the evidence starts with a manifest and ends with an `end` record;
  * every request is judged or labelled: every exchange record belongs to exactly one case marker, has
    a status or a labelled transport failure, and a findings array; the scorecard counts as many
    candidate requests as the evidence holds;
  * the verdict is pass or fail, never incomplete;
  * every failure in scorecard.json (overall and per suite) names a taxonomy label and points at an
    evidence line of the same case that shows it: its findings carry the label, agreement labels included
    (the case judge writes every finding of an answer into its record).
Prints a Markdown table of what the verifier found (stdout) and exits 1 with each problem on stderr.
Standard library only.
"""
import json
import os
import sys


def main():
    run, candidate, reference = sys.argv[1], sys.argv[2], sys.argv[3]
    problems = []
    with open(os.path.join(run, "scorecard.json"), encoding="utf-8") as f:
        card = json.load(f)
    with open(os.path.join(run, "evidence.jsonl"), encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]

    if not records or records[0].get("kind") != "manifest":
        problems.append("evidence.jsonl does not start with a manifest")
    if not records or records[-1].get("kind") != "end":
        problems.append("evidence.jsonl has no `end` record: the run did not finish")

    exchanges = {i + 1: r for i, r in enumerate(records) if "role" in r}
    markers = [r for r in records if r.get("kind") == "case"]
    owner = {}
    for marker in markers:
        for line in marker.get("lines", []):
            if line in owner:
                problems.append(f"evidence.jsonl:{line} is listed by two case markers")
            owner[line] = marker["case"]
    for line, record in exchanges.items():
        where = f"evidence.jsonl:{line} ({record.get('role')} {record.get('case')} {record.get('mode')})"
        if line not in owner:
            problems.append(f"{where}: not part of any judged case")
        elif owner[line] != record.get("case"):
            problems.append(f"{where}: listed by the marker of case {owner[line]}")
        response = record.get("response", {})
        if not isinstance(response.get("status"), int) and not response.get("failure", {}).get("label"):
            problems.append(f"{where}: neither a status nor a labelled transport failure")
        if not isinstance(record.get("findings"), list):
            problems.append(f"{where}: no findings array")
        expected_provider = reference if record.get("role") == "reference" else candidate
        if record.get("provider") != expected_provider:
            problems.append(f"{where}: provider {record.get('provider')}, expected {expected_provider}")

    roles = {}
    for record in exchanges.values():
        roles[record["role"]] = roles.get(record["role"], 0) + 1
    sent = roles.get("candidate", 0) + roles.get("parity", 0) + roles.get("without_reasoning", 0)
    counted = card["overall"]["requests"] + card["overall"]["probes"] + card["overall"]["parity_requests"]
    if sent != counted:
        problems.append(f"the evidence holds {sent} candidate requests, the scorecard counts {counted}")

    if card["verdict"] not in ("pass", "fail"):
        problems.append(f"verdict {card['verdict']}: {card['verdict_reason']}")

    sections = [("overall", card["overall"])] + sorted(card["suites"].items())
    for name, section in sections:
        for failure in section["failures"]:
            label = failure["label"]
            if "." not in label:
                problems.append(f"{name}: failure label {label!r} is not a taxonomy label")
            if not failure["examples"]:
                problems.append(f"{name}: {label} has no example")
            for example in failure["examples"]:
                file, _, line = example["evidence"].rpartition(":")
                record = exchanges.get(int(line)) if file == "evidence.jsonl" and line.isdigit() else None
                if record is None:
                    problems.append(f"{name}: {label} points at {example['evidence']}, not an exchange record")
                    continue
                if record.get("case") != example["case"]:
                    problems.append(f"{name}: {label} example of {example['case']} points at case {record.get('case')}")
                shown = {finding["label"] for finding in record.get("findings", [])}
                shown.add(record.get("response", {}).get("failure", {}).get("label"))
                if label not in shown:
                    problems.append(f"{name}: {label} points at {example['evidence']}, whose findings are {sorted(shown - {None})}")

    print(f"### {candidate} (candidate) vs {reference} (reference): {card['verdict']}\n")
    print(f"{card['verdict_reason']}\n")
    print(f"Requests: {roles.get('candidate', 0)} candidate answers, {roles.get('parity', 0)} parity twins, "
          f"{roles.get('reference', 0)} reference answers; {len(markers)} cases judged.\n")
    print("| suite | verdict | requests | contract | schema acc. | trigger F1 | wire clean |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, section in sorted(card["suites"].items()):
        layers = section["layers"]

        def metric(layer, key):
            value = layers.get(layer, {}).get("metrics", {}).get(key)
            if not value or value.get("value") is None:
                return "—"
            return f"{value['value'] * 100:.1f}% ({value['numerator']}/{value['denominator']})"

        print(f"| {name} | {section['verdict']} | {section['requests'] + section['probes']} | "
              f"{metric('contract', 'pass_rate')} | {metric('schema', 'schema_accuracy')} | "
              f"{metric('agreement', 'trigger_f1')} | {metric('wire', 'error_free_rate')} |")
    print("\n| label | severity | count | first example |")
    print("|---|---|---:|---|")
    failing = {f["label"]: f for f in card["overall"]["failures"]}
    for entry in card["overall"]["labels"]:
        example = failing.get(entry["label"], {}).get("examples", [{}])[0]
        where = f"`{example['case']}` {example['evidence']}: {example['message'][:160]}" if example else "(not a primary label)"
        print(f"| `{entry['label']}` | {entry['severity']} | {entry['count']} | {where.replace('|', '/')} |")
    print()

    for problem in problems:
        print(f"[real-engines] {run}: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
