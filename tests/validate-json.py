#!/usr/bin/env python3
# Validates JSON instances against JSON Schema draft-07 documents.
# Usage: validate-json.py CASES.json, a list of
#   {"name": ..., "schema": {...}, "instance": {...}, "valid": true|false}
# Prints one line per case that does not come out as expected; exits 1 then.
import json
import sys

import jsonschema

failed = 0
for case in json.load(open(sys.argv[1])):
    jsonschema.Draft7Validator.check_schema(case["schema"])
    errors = list(jsonschema.Draft7Validator(case["schema"]).iter_errors(case["instance"]))
    if bool(errors) == case["valid"]:
        failed += 1
        why = errors[0].message if errors else "accepted"
        print(f"{case['name']}: expected {'valid' if case['valid'] else 'invalid'}: {why}")
print(f"{failed} unexpected")
sys.exit(1 if failed else 0)
