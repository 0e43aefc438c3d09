"""Validates the parts of SARIF 2.1.0 that code-scanning services read."""
import json
import sys

path, expected = sys.argv[1], int(sys.argv[2])
doc = json.load(open(path))
assert doc["version"] == "2.1.0", doc["version"]
assert "sarif-2.1.0" in doc["$schema"]
(run,) = doc["runs"]
driver = run["tool"]["driver"]
assert driver["name"] == "corolint" and driver["version"]
rules = {r["id"]: i for i, r in enumerate(driver["rules"])}
assert "corolint-blocking-call" in rules
for rule in driver["rules"]:
    assert rule["shortDescription"]["text"] and rule["help"]["text"]
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
    for rel in res.get("relatedLocations", []):
        assert rel["message"]["text"] and rel["physicalLocation"]["region"]["startLine"] > 0
chained = [r for r in results if r["relatedLocations"]]
assert len(chained) == 1 and len(chained[0]["relatedLocations"]) == 2, chained
assert run["invocations"][0]["executionSuccessful"] is True
print("sarif ok:", len(results), "results")
