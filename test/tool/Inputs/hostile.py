#!/usr/bin/env python3
"""Hostile inputs for the corolint command, generated small and checked.

Usage: hostile.py COROLINT WORKDIR [CASE...]

Every case writes its fixture under WORKDIR, runs the command with a
timeout, and checks what a user is promised: the documented exit status, a
message naming the input (and its position when there is one), no crash
report or LLVM fatal error, bounded output, and the findings of the good
file next to the bad one. Prints one line per case; exits 1 if any failed.
"""
import json
import os
import signal
import subprocess
import sys

COROLINT, WORK = sys.argv[1], sys.argv[2]
ONLY = set(sys.argv[3:])
os.makedirs(WORK, exist_ok=True)

# The includes and the task type of two-findings.cpp (11 lines).
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "two-findings.cpp")) as f:
    TASK = "".join(f.readlines()[:11])
GOOD = TASK + "task worker() {\n  sleep(1);\n  co_return;\n}\n"
DEEP = 100000  # Nesting depth of the hostile documents.
FAILED = []


def path(*parts):
    return os.path.join(WORK, *parts)


def write(name, text, mode="w"):
    p = path(name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, mode) as f:
        f.write(text)
    return p


def run(args, cwd=None, timeout=120):
    try:
        p = subprocess.run([COROLINT] + args, cwd=cwd or WORK,
                           capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, b"", b"timed out"
    return p.returncode, p.stdout, p.stderr


def case(name, args, status, stderr_has=(), stdout_has=(), cwd=None,
         max_output=1 << 20, timeout=120):
    if ONLY and name not in ONLY:
        return
    rc, out, err = run(args, cwd, timeout)
    problems = []
    if rc is None:
        problems.append("timed out after %ds" % timeout)
    elif rc < 0:
        problems.append("killed by signal %d" % -rc)
    elif rc != status:
        problems.append("exit %d, expected %d" % (rc, status))
    for bad in (b"PLEASE submit a bug report", b"LLVM ERROR", b"Stack dump"):
        if bad in err or bad in out:
            problems.append("crash report in the output")
    for want in stderr_has:
        if want.encode() not in err:
            problems.append("stderr lacks %r" % want)
    for want in stdout_has:
        if want.encode() not in out:
            problems.append("stdout lacks %r" % want)
    if len(out) + len(err) > max_output:
        problems.append("%d bytes of output" % (len(out) + len(err)))
    if problems:
        FAILED.append(name)
        print("FAIL %s: %s" % (name, "; ".join(problems)))
        print("  stderr: %s" % err[-2000:].decode(errors="replace"))
    else:
        print("ok   %s" % name)


good = write("good.cpp", GOOD)
FINDING = "good.cpp:13:3: warning: 'sleep' blocks"


def database(name, entries):
    d = path(name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "compile_commands.json"), "w") as f:
        f.write(entries if isinstance(entries, str) else json.dumps(entries))
    return d


def entry(file, args):
    return {"directory": WORK, "file": file, "arguments": args}


GOOD_ENTRY = entry(good, ["clang++", "-std=c++20", "-c", good])

# C1: empty commands fail their own file; the good file is still analysed.
write("a.cpp", GOOD)
write("b.cpp", GOOD)
case("empty-command",
     ["-p", database("c1", [dict(directory=WORK, file=path("a.cpp"),
                                 command=""),
                            dict(directory=WORK, file=path("b.cpp"),
                                 arguments=[]),
                            GOOD_ENTRY])],
     2, stderr_has=["1 file analysed", "2 files could not be analysed"],
     stdout_has=[FINDING, "empty command for this file"])

# The compilation database itself.
case("database-truncated",
     ["-p", database("trunc", json.dumps([GOOD_ENTRY])[:-3])], 2,
     stderr_has=["trunc/compile_commands.json:1:"])
case("database-empty", ["-p", database("empty", "[]")], 2,
     stderr_has=["empty/compile_commands.json: the compilation database "
                 "has no entries"])
case("database-deep", ["-p", database("deepdb", "[" * DEEP)], 2,
     stderr_has=["deepdb/compile_commands.json:1:101: nested deeper"])
case("database-not-array", ["-p", database("obj", "{}")], 2,
     stderr_has=["not a compilation database"])
# The same databases found by clang's search from the file (no -p, no --):
# the position, once, and no "none found" or anonymous YAML error.
for name, text, says in [
        ("auto-truncated", '[{"directory": "/", "file": "x.cpp", "comm',
         "auto-truncated/compile_commands.json:1:"),
        ("auto-empty", "[]", "auto-empty/compile_commands.json: the "
         "compilation database has no entries")]:
    write(name + "/compile_commands.json", text)
    case("database-" + name, [write(name + "/src/good.cpp", GOOD)], 2,
         stdout_has=[says], stderr_has=["1 file could not be analysed"])
    _, out, err = run([path(name, "src/good.cpp")])
    if b"YAML:" in out + err or (out + err).count(says.encode()) != 1:
        FAILED.append("database-" + name + "-once")
        print("FAIL database-%s-once: said %d times or with YAML:"
              % (name, (out + err).count(says.encode())))

# C2: a profile nested 100,000 deep, given on the command line or named
# by a .clang-tidy.
deep_profile = write("deep.yaml", "- " * DEEP + "x\n")
case("profile-deep", ["--profile", deep_profile, good, "--", "-std=c++20"],
     2, stderr_has=["deep.yaml:1:", "nested deeper"])
case("profile-flow-deep",
     ["--profile", write("flow.yaml", "blocking: " + "[" * DEEP + "\n"),
      good, "--", "-std=c++20"], 2, stderr_has=["flow.yaml:1:"])
if hasattr(os, "mkfifo"):
    fifo = path("profile.fifo")
    if not os.path.exists(fifo):
        os.mkfifo(fifo)
    case("profile-fifo", ["--profile", fifo, good, "--", "-std=c++20"], 2,
         stderr_has=["not a regular file"], timeout=30)

# C3 and the exit codes of configuration errors: a .clang-tidy that is
# garbage or nested 100,000 deep is an error once, with its line, and no
# analysis with defaults.
for name, text, where in [
        ("config-garbage", "Checks: [garbage\n  : : :\n", ".clang-tidy:2:"),
        ("config-deep", "Checks: " + "[" * DEEP + "\n", ".clang-tidy:1:"),
        ("config-deep-block", "Checks:\n" + "- " * DEEP + "x\n",
         ".clang-tidy:2:")]:
    d = path(name)
    os.makedirs(d, exist_ok=True)
    write(os.path.join(name, ".clang-tidy"), text)
    f = write(os.path.join(name, "good.cpp"), GOOD)
    rc, out, err = run([f, "--", "-std=c++20"])
    case(name, [f, "--", "-std=c++20"], 2, stdout_has=[where],
         stderr_has=["0 files analysed"])
    if rc is not None and out.count(b".clang-tidy") != 1:
        FAILED.append(name + "-once")
        print("FAIL %s: the error is not said exactly once" % name)

# The same nesting in the configuration given on the command line, and in
# a baseline: an error with the position, not a crash.
case("config-flag-deep", [good, "--config={Checks: " + "[" * DEEP, "--",
                          "-std=c++20"], 2,
     stderr_has=["--config:1:", "nested deeper"])
case("baseline-deep", [good, "--baseline", write("deep-baseline.json",
                                                  "[" * DEEP), "--",
                       "-std=c++20"], 2,
     stderr_has=["deep-baseline.json:1:101: nested deeper"])

# An option value a check cannot use is an error, not a finding.
d = path("badoption")
os.makedirs(d, exist_ok=True)
write("badoption/.clang-tidy",
      "CheckOptions:\n  corolint-blocking-call.MaxCallDepth: banana\n")
case("config-bad-value", [write("badoption/good.cpp", GOOD), "--",
                          "-std=c++20"], 2,
     stdout_has=["badoption/.clang-tidy:2:3: error: invalid configuration "
                 "value 'banana'"])

# H1: a call depth the size of the universe stops when nothing new is
# reachable.
write("maxdepth/.clang-tidy",
      "CheckOptions:\n  corolint-blocking-call.MaxCallDepth: 4294967295\n")
# The coroutine calls a chain of functions that block nothing (the search
# walks it to the end) and one that blocks three calls down (found).
CHAIN = TASK + "".join("int f%d(int);\n" % i for i in range(41)) + "".join(
    "int f%d(int x) { return x < 0 ? f%d(x + 1) : x; }\n" % (i, i + 1)
    for i in range(40)) + "int f40(int x) { return f0(x - 1); }\n" + \
    "void c() { sleep(1); }\nvoid b() { c(); }\nvoid a() { b(); }\n" + \
    "task worker() {\n  f0(3);\n  a();\n  co_return;\n}\n"
case("max-call-depth", [write("maxdepth/chain.cpp", CHAIN), "--",
                        "-std=c++20"], 1,
     stdout_has=["'a' blocks the thread of coroutine 'worker' through a call to 'sleep'"],
     timeout=60)

# C6 and a stack overflow: a file that crashes clang loses only itself.
sema = write("sema.cpp", """#include <coroutine>
template <typename T> struct Lazy {
  T value;
  struct promise_type {
    std::suspend_always initial_suspend() { return {}; }
    Lazy get_return_object() {
      return std::coroutine_handle<promise_type>::from_promise(*this);
    }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always return_void() { return {}; }
    void unhandled_exception() {}
    auto await_transform(int);
  };
  Lazy(std::coroutine_handle<promise_type>);
};
class Widget {
  void poke() {
    auto f = [this]() -> Lazy< { co_await 1; };
  }
};
""")
overflow = write("overflow.cpp", TASK + "int g(int);\ntask deep() { int v = " +
                 "+".join(["1"] * DEEP) + "; g(v); co_return; }\n")
case("clang-crashes", [sema, overflow, good, "--", "-std=c++20"], 2,
     stdout_has=[FINDING, "sema.cpp: error: the analysis crashed",
                 "overflow.cpp: error: the analysis crashed"])

# C7/C8: outputs that cannot be written.
if os.path.exists("/dev/full"):
    case("output-full", ["--output=/dev/full", good, "--", "-std=c++20"], 2,
         stderr_has=["cannot write the report to '/dev/full'"])
if not ONLY or "stdout-closed" in ONLY:
    # Enough findings to fill a pipe: a reader that stops after one line.
    many = write("many.cpp", TASK + "".join(
        "task w%d() {\n  sleep(1);\n  co_return;\n}\n" % i
        for i in range(400)))
    p = subprocess.Popen([COROLINT, many, "--", "-std=c++20"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         cwd=WORK)
    p.stdout.readline()
    p.stdout.close()
    p.stdout = None
    try:
        _, err = p.communicate(timeout=120)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        rc, err = None, b"timed out after 120s"
    if rc != 2 or b"cannot write" not in err:
        FAILED.append("stdout-closed")
        print("FAIL stdout-closed: exit %r, stderr %r" % (rc, err[-300:]))
    else:
        print("ok   stdout-closed")

# Output: control characters are shown as clang shows them, and a long
# line is not printed whole under each of its findings.
case("control-characters",
     [write("ctl.cpp", TASK + "task w() {\n  sleep(1); /* \x1b[2J\x00 */\n"
            "  co_return;\n}\n"), "--", "-std=c++20"], 1,
     stdout_has=["<U+001B>[2J<U+0000>"])
rc, out, _ = run([path("ctl.cpp"), "--", "-std=c++20"])
if out and (b"\x1b" in out or b"\x00" in out):
    FAILED.append("control-characters-raw")
    print("FAIL control-characters-raw: raw control bytes in the output")
oneline = write("oneline.cpp", TASK.replace("\n", " ") .replace(
    "#include <coroutine> #include <unistd.h>",
    "#include <coroutine>\n#include <unistd.h>\n") + " ".join(
    "task w%d() { sleep(1); co_return; }" % i for i in range(3000)) + "\n")
case("one-long-line", [oneline, "--", "-std=c++20"], 1,
     stdout_has=["..."], max_output=3000 * 600)

# -j is capped.
case("jobs-capped", ["-j", "100000", good, "--", "-std=c++20"], 1,
     stderr_has=["more than 4 per core"])

# confirm: hostile SARIF and reports.
sarif = path("good.sarif")
with open(sarif, "wb") as f:
    f.write(run(["--format=sarif", good, "--", "-std=c++20"])[1])
report = write("ok.jsonl", '{"v":1,"kind":"start","pid":7,"at_ms":0.1,'
               '"threshold_ms":100,"file_io":false,"signal":37,'
               '"exe":"/bin/x"}\n')
case("sarif-deep", ["confirm", "--findings", write("deep.sarif", "[" * DEEP),
                    "--report", report], 2,
     stderr_has=["deep.sarif:1:101: nested deeper"])
# A result nested past the limit inside an otherwise good SARIF, with the
# SARIF written back (each result is re-read when written).
case("sarif-deep-result",
     ["confirm", "--findings", write("deep-result.sarif",
      '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"corolint"}},'
      '"results":[' + "[" * DEEP + "]}]}"),
      "--report", report, "--format=sarif", "--output", path("dr.sarif")], 2,
     stderr_has=["deep-result.sarif:1:", "nested deeper"])
case("report-deep", ["confirm", "--findings", sarif, "--report",
                     write("deep.jsonl", '{"a":' * DEEP + "\n")], 2,
     stderr_has=["deep.jsonl:1:", "nested deeper"])
case("report-endless-line", ["confirm", "--findings", sarif, "--report",
                             "/dev/zero"], 2,
     stderr_has=["longer than 16 MiB"], timeout=60)
with open(sarif) as f:
    wrapped = f.read().replace('"startLine": 13', '"startLine": 4294967309')
case("sarif-line-wraps", ["confirm", "--findings",
                          write("wrap.sarif", wrapped), "--report", report],
     2, stderr_has=["no file and valid line"])
if hasattr(os, "mkfifo"):
    module = path("module.fifo")
    if not os.path.exists(module):
        os.mkfifo(module)
    event = ('{"v":1,"kind":"blocking-call","pid":7,"tid":7,"thread":"x",'
             '"at_ms":1.0,"function":"getaddrinfo","duration_ms":1.5,'
             '"suppressed":0,"pc0_exact":false,"frames":[{"m":0,"o":"0x10"}],'
             '"modules":[{"path":"%s","base":"0x0","build_id":""}]}\n')
    # confirm's own inputs: a FIFO nobody writes to is empty, not a hang;
    # /dev/zero as the findings is refused past its limit, not read forever.
    inputs = path("inputs.fifo")
    if not os.path.exists(inputs):
        os.mkfifo(inputs)
    case("findings-fifo", ["confirm", "--findings", inputs, "--report",
                           report], 2, stderr_has=["inputs.fifo:1:1:"],
         timeout=30)
    case("report-fifo", ["confirm", "--findings", sarif, "--report", inputs],
         0, timeout=30)
    case("findings-dev-zero", ["confirm", "--findings", "/dev/zero",
                               "--report", report], 2,
         stderr_has=["/dev/zero: cannot read the findings: longer than"],
         timeout=60)
    for name, module_path in [("module-fifo", module),
                              ("module-dev-zero", "/dev/zero")]:
        case(name, ["confirm", "--findings", sarif, "--report",
                    write(name + ".jsonl", event % module_path)], 2,
             stderr_has=["not a regular file"], timeout=30)

# A module path "-" is a file name, never standard input: with stdin held
# open, confirm must not wait on it.
if (not ONLY or "module-dash" in ONLY) and hasattr(os, "mkfifo"):
    dash = write("module-dash.jsonl", event % "-")
    p = subprocess.Popen([COROLINT, "confirm", "--findings", sarif,
                          "--report", dash], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         cwd=WORK)
    try:
        out, err = p.communicate(timeout=30)
        ok = p.returncode == 1 and b"missed by static analysis" in out + err
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        ok = False
    if ok:
        print("ok   module-dash")
    else:
        FAILED.append("module-dash")
        print("FAIL module-dash: waited on standard input or wrong status")

print("%d failed" % len(FAILED))
sys.exit(1 if FAILED else 0)
