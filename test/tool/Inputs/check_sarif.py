"""Validates a SARIF report against the official SARIF 2.1.0 JSON schema,
then checks the parts code-scanning services read.

usage: check_sarif.py REPORT EXPECTED_RESULTS SCHEMA"""
import json
import os
import sys

import jsonschema

path, expected, schema_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if not os.path.exists(schema_path):
    sys.exit(f"{schema_path}: missing; run scripts/fetch-sarif-schema.sh "
             "(scripts/install-deps.sh runs it)")
doc = json.load(open(path))
schema = json.load(open(schema_path))
jsonschema.validators.validator_for(schema)(schema).validate(doc)
assert doc["version"] == "2.1.0", doc["version"]
assert "sarif-2.1.0" in doc["$schema"]
(run,) = doc["runs"]
driver = run["tool"]["driver"]
assert driver["name"] == "corolint" and driver["version"]
assert driver["semanticVersion"] == driver["version"]
assert driver["informationUri"].endswith("/README.md")
rules = {r["id"]: i for i, r in enumerate(driver["rules"])}
assert "corolint-blocking-call" in rules
for rule in driver["rules"]:
    assert rule["shortDescription"]["text"] and rule["help"]["text"]
    # The check's page, as code scanning shows it, and where it lives.
    name = rule["id"][len("corolint-"):]
    assert rule["help"]["markdown"].startswith("# " + rule["id"]), rule["id"]
    assert rule["helpUri"].endswith("/checks/" + name + ".md"), rule["helpUri"]
    props = rule["properties"]
    assert props["tags"][:2] == ["concurrency", "coroutines"], props
    assert props["tags"][2] in ("correctness", "performance"), props
    assert props["precision"] in ("very-high", "high", "medium", "low"), props
    assert rule["defaultConfiguration"]["level"] == "warning"
results = run["results"]
assert len(results) == expected, len(results)
for res in results:
    assert res["ruleId"] in rules
    assert res["ruleIndex"] == rules[res["ruleId"]]
    assert res["level"] == "warning"
    assert res["message"]["text"]
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"]
    assert loc["region"]["startLine"] > 0 and loc["region"]["startColumn"] > 0
    assert len(res["partialFingerprints"]["corolint/v1"]) == 16
    for rel in res.get("relatedLocations", []):
        assert rel["message"]["text"] and rel["physicalLocation"]["region"]["startLine"] > 0
chained = [r for r in results if r["relatedLocations"]]
assert len(chained) == 1 and len(chained[0]["relatedLocations"]) == 2, chained
# The call chain as a code flow: the finding, then each note.
(flow,) = chained[0]["codeFlows"]
(thread,) = flow["threadFlows"]
steps = [s["location"] for s in thread["locations"]]
assert len(steps) == 3, steps
assert steps[0]["message"]["text"] == chained[0]["message"]["text"]
assert [s["message"]["text"] for s in steps[1:]] == [
    r["message"]["text"] for r in chained[0]["relatedLocations"]]
assert all("codeFlows" not in r for r in results if not r["relatedLocations"])
assert run["invocations"][0]["executionSuccessful"] is True
print("sarif ok:", len(results), "results")
