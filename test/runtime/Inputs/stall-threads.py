"""Prints how many stalls a runtime report holds and on how many threads."""
import json
import sys

stalls = {}
for line in open(sys.argv[1]):
    record = json.loads(line)
    if record["kind"] == "stall":
        stalls[(record["pid"], record["id"])] = record["tid"]
print("%d stalls on %d threads" % (len(stalls), len(set(stalls.values()))))
