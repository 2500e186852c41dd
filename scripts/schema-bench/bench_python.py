#!/usr/bin/env python3
"""Validates a pairs file with Python's jsonschema and prints validations per second.

Each run starts with an empty cache and, per line: parses the JSON line, compiles the schema once per distinct
canonical text (validator_for by $schema or the line's draft; check_schema unless --no-check-schema, which is
what our compile does too: it rejects invalid schemas), then collects every error with iter_errors. Output
writing is not timed. Prints one line: "python-jsonschema <version>: N validations in S s = R validations/s
(parse + compile + validate; validate only V s = W validations/s)", the second figure timing iter_errors alone.

Usage: bench_python.py PAIRS.jsonl [--runs 3] [--no-check-schema]
"""
import argparse
import json
import sys
import time
from importlib.metadata import version

import jsonschema
from jsonschema import validators

DRAFTS = {"2020-12": jsonschema.Draft202012Validator, "7": jsonschema.Draft7Validator}


def run(lines, check_schema):
    cache = {}
    invalid = 0
    validating = 0.0
    start = time.perf_counter()
    for line in lines:
        pair = json.loads(line)
        schema = pair["schema"]
        default = DRAFTS.get(str(pair.get("draft", "2020-12")), jsonschema.Draft202012Validator)
        key = (default.__name__, json.dumps(schema, sort_keys=True))
        validator = cache.get(key)
        if validator is None:
            cls = validators.validator_for(schema, default=default)
            try:
                if check_schema:
                    cls.check_schema(schema)
                validator = cls(schema)
            except jsonschema.exceptions.SchemaError:
                validator = False
            cache[key] = validator
        if validator is False:
            continue
        began = time.perf_counter()
        errors = list(validator.iter_errors(pair["instance"]))
        validating += time.perf_counter() - began
        if errors:
            invalid += 1
    return time.perf_counter() - start, validating, invalid


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pairs")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-check-schema", action="store_true")
    args = parser.parse_args()
    with open(args.pairs, encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip()]
    best = None
    best_validating = None
    invalid = 0
    for _ in range(args.runs):
        elapsed, validating, invalid = run(lines, not args.no_check_schema)
        best = elapsed if best is None else min(best, elapsed)
        best_validating = validating if best_validating is None else min(best_validating, validating)
    rate = len(lines) / best
    label = "python-jsonschema " + version("jsonschema") + ("" if not args.no_check_schema else " (no check_schema)")
    print(f"{label}: {len(lines)} validations ({invalid} invalid) in {best:.4f} s = {rate:.0f} validations/s "
          f"(parse + compile + validate; validate only {best_validating:.4f} s = "
          f"{len(lines) / best_validating:.0f} validations/s)")


if __name__ == "__main__":
    sys.exit(main())
