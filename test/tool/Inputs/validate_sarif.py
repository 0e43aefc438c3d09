"""Validates a SARIF report against the official SARIF 2.1.0 JSON schema.

usage: validate_sarif.py REPORT SCHEMA"""
import json
import os
import sys

import jsonschema

path, schema_path = sys.argv[1], sys.argv[2]
if not os.path.exists(schema_path):
    sys.exit(f"{schema_path}: missing; run scripts/fetch-sarif-schema.sh "
             "(scripts/install-deps.sh runs it)")
schema = json.load(open(schema_path))
jsonschema.validators.validator_for(schema)(schema).validate(json.load(open(path)))
print("sarif valid:", path)
