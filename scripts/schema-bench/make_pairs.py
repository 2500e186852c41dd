#!/usr/bin/env python3
"""Builds the (schema, instance) pairs the schema benchmark validates, one JSON object per line.

* BFCL possible answers: every expected call of every category with a possible_answer file. The tool's
  parameters are converted to an OpenAI JSON Schema the way Sources/VerifierCore/Fixtures/BFCLConverter.swift
  does (dict->object, float->number, tuple->array, any/unknown->string, "optional" dropped, recursion into
  properties and items); the instance takes, for each parameter, the first acceptable value that is not ""
  (nested objects likewise).
* walle corpus: every schema of the valid.jsonl files, with an instance synthesised from the schema (required
  and declared properties filled with a value of the declared type, enum/const honoured, $ref followed).

Usage: make_pairs.py --bfcl DATA_DIR --walle CASES_DIR --out PAIRS.jsonl
"""
import argparse
import glob
import json
import os
import sys

TYPE_MAP = {"dict": "object", "object": "object", "float": "number", "number": "number",
            "integer": "integer", "int": "integer", "boolean": "boolean", "bool": "boolean",
            "array": "array", "list": "array", "tuple": "array", "null": "null"}


def convert(schema):
    """BFCLConverter.schema(from:)."""
    if not isinstance(schema, dict):
        return {"type": "string"}
    result = {}
    for key, value in schema.items():
        if key == "type":
            result["type"] = TYPE_MAP.get(value, "string") if isinstance(value, str) else "string"
        elif key == "properties":
            result["properties"] = {name: convert(sub) for name, sub in (value or {}).items()}
        elif key == "items":
            result["items"] = convert(value)
        elif key == "optional":
            continue
        else:
            result[key] = value
    result.setdefault("type", "string")
    return result


def parameters(function):
    """BFCLConverter.tool(from:) -> parameters."""
    params = convert(function.get("parameters")) if function.get("parameters") is not None else {
        "type": "object", "properties": {}}
    params["type"] = "object"
    params.setdefault("properties", {})
    return params


def first_value(values):
    """The first acceptable value that is not "" (objects resolved recursively); None when omitted."""
    if not isinstance(values, list):
        return resolve(values)
    for value in values:
        if value != "":
            return resolve(value)
    return None


def resolve(value):
    if isinstance(value, dict):
        out = {}
        for key, sub in value.items():
            chosen = first_value(sub)
            if chosen is not None:
                out[key] = chosen
        return out
    return value


def bfcl_pairs(data_dir):
    pairs = []
    for answer_path in sorted(glob.glob(os.path.join(data_dir, "possible_answer", "BFCL_v4_*.json"))):
        category = os.path.basename(answer_path)
        questions = {}
        with open(os.path.join(data_dir, category), encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    entry = json.loads(line)
                    questions[entry["id"]] = entry
        with open(answer_path, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                answer = json.loads(line)
                question = questions.get(answer["id"])
                if question is None:
                    continue
                functions = {f["name"]: f for f in question.get("function", [])}
                for call in answer.get("ground_truth", []):
                    for name, arguments in call.items():
                        function = functions.get(name)
                        if function is None:
                            continue
                        instance = {}
                        for param, values in arguments.items():
                            chosen = first_value(values)
                            if chosen is not None:
                                instance[param] = chosen
                        pairs.append({"schema": parameters(function), "instance": instance})
    return pairs


def synthesise(schema, root, depth=0):
    """A plausible instance for a schema (not guaranteed valid)."""
    if depth > 12 or not isinstance(schema, dict):
        return {}
    if "$ref" in schema and isinstance(schema["$ref"], str) and schema["$ref"].startswith("#"):
        target = root
        for token in schema["$ref"][1:].split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            target = target.get(token, {}) if isinstance(target, dict) else {}
        return synthesise(target, root, depth + 1)
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    for combinator in ("anyOf", "oneOf", "allOf"):
        if isinstance(schema.get(combinator), list) and schema[combinator]:
            return synthesise(schema[combinator][0], root, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), kind[0] if kind else None)
    if kind == "object" or (kind is None and "properties" in schema):
        out = {}
        for name, sub in (schema.get("properties") or {}).items():
            out[name] = synthesise(sub, root, depth + 1)
        return out
    if kind == "array":
        items = schema.get("items")
        minimum = schema.get("minItems")
        count = minimum if isinstance(minimum, int) and minimum > 0 else 1
        return [synthesise(items, root, depth + 1) for _ in range(min(count, 3))] if isinstance(items, dict) else []
    if kind == "integer":
        minimum = schema.get("minimum")
        return minimum if isinstance(minimum, int) and not isinstance(minimum, bool) else 1
    if kind == "number":
        minimum = schema.get("minimum")
        return minimum if isinstance(minimum, (int, float)) and not isinstance(minimum, bool) else 1.5
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    if kind == "string":
        length = schema.get("minLength", 1)
        return "x" * (min(length, 64) if isinstance(length, int) and length > 0 else 1)
    return {}


def walle_pairs(cases_dir):
    pairs = []
    for path in sorted(glob.glob(os.path.join(cases_dir, "*", "valid.jsonl"))):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                schema = json.loads(line)
                pairs.append({"schema": schema, "instance": synthesise(schema, schema)})
    return pairs


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bfcl", required=True)
    parser.add_argument("--walle", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    bfcl = bfcl_pairs(args.bfcl)
    walle = walle_pairs(args.walle)
    with open(args.out, "w", encoding="utf-8") as out:
        for pair in bfcl + walle:
            out.write(json.dumps(pair, ensure_ascii=False) + "\n")
    print(f"pairs: {len(bfcl)} BFCL + {len(walle)} walle = {len(bfcl) + len(walle)} -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
