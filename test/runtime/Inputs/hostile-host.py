#!/usr/bin/env python3
"""The runtime inside hostile hosts: it must never change what the program
sees, never hang it, and never write a line that does not parse.

Usage: hostile-host.py PROGRAM LIBCOROLINT-RT WORKDIR [CASE...]

Each case runs PROGRAM (hostile-host.cpp) in one mode with the runtime
preloaded, under a timeout, and checks: the exit status and standard output
are those of a run without the runtime; every report line is whole JSON in
valid UTF-8 (and at most PIPE_BUF bytes when the report is a pipe); the
host's own files hold only what the host wrote. Prints one line per case;
exits 1 if any failed.
"""
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time

PROG, LIB, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
ONLY = set(sys.argv[4:])
os.makedirs(WORK, exist_ok=True)
FAILED = []
PIPE_BUF = 4096


def env(report, **extra):
    e = dict(os.environ)
    e.update({"LD_PRELOAD": LIB, "COROLINT_RT_REPORT": report,
              "COROLINT_RT_MAX_REPORTS": "100000"})
    e.update(extra)
    return e


def plain_env(**extra):
    e = {k: v for k, v in os.environ.items()
         if k != "LD_PRELOAD" and not k.startswith("COROLINT_RT_")}
    e.update(extra)
    return e


def run(mode, e, timeout=20, **kw):
    try:
        p = subprocess.run([PROG, mode], env=e, capture_output=True,
                           timeout=timeout, **kw)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return None, b"", b""


def check_lines(data, pipe=False):
    """Problems with the report's lines, as a list of strings."""
    problems = []
    for n, line in enumerate(data.split(b"\n")[:-1], 1):
        try:
            json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            problems.append("line %d does not parse: %s" % (n, e))
        if pipe and len(line) + 1 > PIPE_BUF:
            problems.append("line %d is %d bytes" % (n, len(line) + 1))
    if data and not data.endswith(b"\n"):
        problems.append("the last line is cut")
    return problems[:5]


def json_field(line, name):
    try:
        return json.loads(line).get(name)
    except ValueError:
        return None


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return b""


def report(name, problems):
    if ONLY and name not in ONLY:
        return
    if problems:
        FAILED.append(name)
        print("FAIL %s: %s" % (name, "; ".join(problems)))
    else:
        print("ok   %s" % name)


def same_as_plain(mode, e, runs=1, timeout=20, plain_extra=None):
    """Runs MODE with and without the runtime; differences as problems."""
    problems = []
    base = run(mode, plain_env(**(plain_extra or {})), timeout)
    for _ in range(runs):
        got = run(mode, e, timeout)
        if got[0] is None:
            problems.append("hung (over %ds)" % timeout)
            break
        if got[0] != base[0]:
            problems.append("exit %s, %s without the runtime" %
                            (got[0], base[0]))
            break
        if got[1] != base[1]:
            problems.append("stdout %r, %r without the runtime" %
                            (got[1][:200], base[1][:200]))
            break
    return problems


def wanted(name):
    return not ONLY or name in ONLY


# A daemon that closes every descriptor and opens its data file.
if wanted("close-all"):
    rep, data = os.path.join(WORK, "close-all.jsonl"), os.path.join(
        WORK, "close-all.data")
    for f in (rep,):
        if os.path.exists(f):
            os.remove(f)
    problems = same_as_plain("close-all", env(rep, HOSTILE_DATA=data),
                             plain_extra={"HOSTILE_DATA": data + ".plain"})
    # The host writes its lines, and once more through the descriptor it
    # found open (the runtime's, reopened above its range, which the host
    # then takes with dup2): no record may land in the host's file.
    host = read(data)
    if not host.startswith(read(data + ".plain")) or any(
            not line.startswith(b"host line")
            for line in host.splitlines()):
        problems.append("the host's data file holds more than the host "
                        "wrote: %r" % host[-300:])
    lines = read(rep)
    problems += check_lines(lines)
    if b'"blocking-call"' not in lines:
        problems.append("no blocking call recorded after the descriptors "
                        "were closed")
    report("close-all", problems)

# Invalid arguments go straight to libc.
if wanted("bad-sleep"):
    rep = os.path.join(WORK, "bad-sleep.jsonl")
    report("bad-sleep", same_as_plain("bad-sleep", env(rep)) +
           check_lines(read(rep)))

# exit() from a signal handler while threads write records: 20 runs, none
# may hang.
# Other threads keep writing until exit_group() kills them, and the kernel
# cuts a write to a file that it kills between two pages: the runtime lets
# the writes under way end, refuses new ones, and writes the summary last.
if wanted("exit-in-handler"):
    rep = os.path.join(WORK, "exit-in-handler.jsonl")
    if os.path.exists(rep):
        os.remove(rep)
    problems = same_as_plain("exit-in-handler", env(rep), runs=40,
                             timeout=10)
    lines = read(rep)
    problems += check_lines(lines)
    summarized = set()
    for line in lines.splitlines():
        pid = json_field(line, "pid")
        if pid in summarized:
            problems.append("a record of process %s after its summary" % pid)
            break
        if b'"kind":"summary"' in line:
            summarized.add(pid)
    report("exit-in-handler", problems)

# A report whose last record a killed process cut short: the next process
# starts on a line of its own, and only the cut line fails to parse.
if wanted("after-cut"):
    rep = os.path.join(WORK, "after-cut.jsonl")
    cut = b'{"v":1,"kind":"blocking-call","pid":1,"tid":1,"thr'
    with open(rep, "wb") as f:
        f.write(cut)
    problems = same_as_plain("bad-sleep", env(rep))
    lines = read(rep)
    if not lines.startswith(cut + b"\n"):
        problems.append("the cut line is not alone: %r" % lines[:100])
    problems += check_lines(lines[len(cut) + 1:])
    report("after-cut", problems)

# fork() while other threads write records; the children exit through the
# runtime's destructor.
if wanted("fork"):
    rep = os.path.join(WORK, "fork.jsonl")
    problems = same_as_plain("fork", env(rep), timeout=60)
    lines = read(rep)
    if lines.count(b'"summary"') < 41:
        problems.append("%d summaries for 41 processes" %
                        lines.count(b'"summary"'))
    report("fork", problems + check_lines(lines))

if wanted("vfork"):
    rep = os.path.join(WORK, "vfork.jsonl")
    report("vfork", same_as_plain("vfork", env(rep), timeout=60) +
           check_lines(read(rep)))

# 64 threads writing at once into a pipe: no line torn, none over PIPE_BUF,
# thread names cut mid-character still valid UTF-8.
if wanted("threads-pipe"):
    # From a directory with a long name: the program's path is in every
    # record, which makes records longer than PIPE_BUF unless cut to fit.
    import shutil
    long_dir = os.path.join(WORK, *(["d" * 200] * 14))
    os.makedirs(long_dir, exist_ok=True)
    long_prog = os.path.join(long_dir, "hostile-host")
    shutil.copy(PROG, long_prog)
    r, w = os.pipe()
    chunks = []
    reader = threading.Thread(target=lambda: chunks.extend(
        iter(lambda: os.read(r, 65536), b"")))
    reader.start()
    e = env("/dev/fd/%d" % w)
    try:
        p = subprocess.run([long_prog, "threads"], env=e,
                           capture_output=True, timeout=60, pass_fds=(w,))
        status = p.returncode
    except subprocess.TimeoutExpired:
        status = None
    os.close(w)
    reader.join(30)
    os.close(r)
    data = b"".join(chunks)
    problems = check_lines(data, pipe=True)
    if status != 0:
        problems.append("exit %s" % status)
    # A record the pipe had no room for within 20 ms is dropped, and
    # counted in the summary's lost_records: every call is either.
    lost = 0
    for line in data.splitlines():
        if b'"kind":"summary"' in line:
            lost += json.loads(line).get("lost_records", 0)
    if data.count(b'"blocking-call"') + lost < 64 * 5:
        problems.append("%d blocking calls recorded, %d lost" %
                        (data.count(b'"blocking-call"'), lost))
    report("threads-pipe", problems)

# The report's reader is gone: the host must not see SIGPIPE.
if wanted("closed-pipe"):
    r, w = os.pipe()
    os.close(r)
    e = env("/dev/fd/%d" % w)
    try:
        p = subprocess.run([PROG, "plain"], env=e, capture_output=True,
                           timeout=20, pass_fds=(w,))
        got = (p.returncode, p.stdout)
    except subprocess.TimeoutExpired:
        got = (None, b"")
    os.close(w)
    report("closed-pipe", [] if got == (0, b"plain\n") else
           ["exit %s, stdout %r" % got])

# A FIFO nobody reads: an error on stderr, and the program runs unwatched.
if wanted("fifo-no-reader"):
    fifo = os.path.join(WORK, "report.fifo")
    if not os.path.exists(fifo):
        os.mkfifo(fifo)
    rc, out, err = run("plain", env(fifo), timeout=20)
    problems = []
    if rc is None:
        problems.append("hung before main")
    elif (rc, out) != (0, b"plain\n"):
        problems.append("exit %s, stdout %r" % (rc, out))
    if b"corolint-rt: not watching this process" not in err:
        problems.append("no message on stderr: %r" % err)
    report("fifo-no-reader", problems)

# SIGKILL in the middle of writing: every line written is whole.
if wanted("sigkill"):
    rep = os.path.join(WORK, "sigkill.jsonl")
    if os.path.exists(rep):
        os.remove(rep)
    p = subprocess.Popen([PROG, "until-killed"], env=env(rep),
                         stdout=subprocess.PIPE)
    # The program says it started; a runtime that hung it before main
    # is a failure, not a hung test.
    started = select.select([p.stdout], [], [], 30)[0]
    if started:
        p.stdout.readline()
        time.sleep(0.3)
    p.send_signal(signal.SIGKILL)
    try:
        p.wait(10)
        hung = False
    except subprocess.TimeoutExpired:
        hung = True
    p.stdout.close()
    lines = read(rep)
    # SIGKILL between two pages of a write cuts that record short, which
    # no process can prevent; the next process starts a new line (above).
    problems = [p for p in check_lines(lines) if p != "the last line is cut"]
    if not started:
        problems.append("the program did not start within 30 s")
    if hung:
        problems.append("still running 10 s after SIGKILL")
    if lines.count(b'"blocking-call"') < 10:
        problems.append("only %d records" % lines.count(b"\n"))
    report("sigkill", problems)

print("%d failed" % len(FAILED))
sys.exit(1 if FAILED else 0)
