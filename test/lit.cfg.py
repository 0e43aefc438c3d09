# -*- Python -*-
import os
import lit.formats

config.name = "corolint"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
config.excludes = ["Inputs", "corpus", "unit", "CMakeLists.txt", "lit.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.corolint_obj_root, "test")

# The command's result cache (without -p: $XDG_CACHE_HOME/corolint) starts
# empty for each run of the suite, so that what a test sees does not hang
# on an earlier run; within a test, a second run of the same analysis
# takes it from the cache, as a user's would.
import shutil as _shutil0
_xdg = os.path.join(config.corolint_obj_root, "test", "xdg-cache")
_shutil0.rmtree(_xdg, ignore_errors=True)
config.environment["XDG_CACHE_HOME"] = _xdg

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", "/usr/bin:/bin")])

# Tests that make a setuid program owned by another user need root, and a
# build tree on a file system that honours the setuid bit.
def _setuid_works():
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    try:
        os.makedirs(config.test_exec_root, exist_ok=True)
        return not (os.statvfs(config.test_exec_root).f_flag & os.ST_NOSUID)
    except OSError:
        return False
if _setuid_works():
    config.available_features.add("setuid")

# Tests that run the command as 'nobody' (a file root could still read):
# root, setpriv, and a build tree 'nobody' can reach.
def _can_run_as_nobody():
    import shutil, subprocess
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    if not shutil.which("setpriv"):
        return False
    try:
        return subprocess.run(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
             "test", "-x", config.corolint_exe, "-a", "-w", "/tmp"],
            timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False
if _can_run_as_nobody():
    config.available_features.add("as-nobody")

plugin_run = "%s -load %s" % (config.clang_tidy, config.corolint_plugin)
config.substitutions.append(("%clang_tidy_plugin", plugin_run))
# The usual check test: only corolint checks, C++20, the mock headers.
config.substitutions.append(
    ("%check_corolint",
     plugin_run + " --checks=-*,corolint-* --quiet"))
config.substitutions.append(("%corolint_obj_root", config.corolint_obj_root))
config.substitutions.append(("%clang_tidy_exe", config.clang_tidy))
config.substitutions.append(("%corolint_clangd", config.corolint_clangd))
config.substitutions.append(("%corolint_plugin", config.corolint_plugin))
config.substitutions.append(("%corolint", config.corolint_exe))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "checks", "Inputs")))
config.substitutions.append(("%python", config.python))
# The official SARIF 2.1.0 schema, fetched by scripts/fetch-sarif-schema.sh.
config.substitutions.append(("%sarif_schema", os.path.join(config.corolint_src_root, ".cache", "sarif-2.1.0-rtm.5.json")))

# The runtime's tests: the library and the real programs it watches.
config.substitutions.append(("%rt_lib", config.rt_lib))
config.substitutions.append(("%rt_scenarios_precise", os.path.join(config.rt_bin_dir, "rt-asio-scenarios-precise")))
config.substitutions.append(("%rt_scenarios", os.path.join(config.rt_bin_dir, "rt-asio-scenarios-plain")))
config.substitutions.append(("%rt_linked_in", os.path.join(config.rt_bin_dir, "rt-linked-in")))
config.substitutions.append(("%rt_descriptors", os.path.join(config.rt_bin_dir, "rt-descriptors")))
config.substitutions.append(("%rt_hostile_host", os.path.join(config.rt_bin_dir, "rt-hostile-host")))
config.substitutions.append(("%rt_perturb", os.path.join(config.rt_bin_dir, "rt-perturb")))
config.substitutions.append(("%rt_blind_loop", os.path.join(config.rt_bin_dir, "rt-blind-loop")))
if os.path.exists(os.path.join(config.rt_bin_dir, "rt-other-loops")):
    config.available_features.add("other-loops")
config.substitutions.append(("%rt_other_loops", os.path.join(config.rt_bin_dir, "rt-other-loops")))
config.substitutions.append(("%rt_confirm_kinds", os.path.join(config.rt_bin_dir, "rt-confirm-kinds")))
config.substitutions.append(("%example_service", os.path.join(config.corolint_obj_root, "examples", "asio-service")))
config.substitutions.append(("%examples", os.path.join(config.corolint_src_root, "examples")))

# The runtime's tests time real programs against a 100 ms threshold and
# several spin a CPU on purpose: two of them at once on a 2-core machine
# can preempt a healthy loop past the threshold. They run one at a time
# (beside the other tests).
lit_config.parallelism_groups["runtime"] = 1

# The editor tests: Debian's Neovim drives corolint-clangd when it is
# installed (scripts/install-deps.sh installs it); stock clangd-19 beside.
import shutil as _shutil
if os.path.exists(config.corolint_clangd):
    config.available_features.add("corolint-clangd")
if _shutil.which("nvim"):
    config.available_features.add("neovim")
# vscode-jsonrpc, fetched by scripts/fetch-lsp-client.sh, and Node.js.
_lsp_client = os.path.join(config.corolint_src_root, ".cache", "node_modules", "vscode-jsonrpc", "node")
if _shutil.which("node") and os.path.exists(_lsp_client + ".js"):
    config.available_features.add("lsp-client")
config.substitutions.append(("%lsp_client", _lsp_client))
config.substitutions.append(("%checks_dir", os.path.join(config.test_source_root, "checks")))
