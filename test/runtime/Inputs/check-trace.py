"""Reads a Chrome trace corolint report wrote and prints what it holds."""
import json
import sys

trace = json.load(open(sys.argv[1]))
events = trace["traceEvents"]
complete = [e for e in events if e["ph"] == "X"]
names = {(e["pid"], e["tid"]): e["args"]["name"]
         for e in events if e["ph"] == "M" and e["name"] == "thread_name"}
for e in complete:
    assert e["dur"] >= 0 and e["ts"] > 0, e
    assert (e["pid"], e["tid"]) in names, e
stalls = [e for e in complete if e["cat"] == "stall"]
print("complete events: %d, stalls: %d, threads named: %d"
      % (len(complete), len(stalls), len(names)))
for e in stalls:
    print("stall %d ms on '%s'" % (round(e["dur"] / 100000) * 100,
                                  names[(e["pid"], e["tid"])]))
