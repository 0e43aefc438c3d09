# -*- Python -*-
import os
import lit.formats

config.name = "corolint"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
config.excludes = ["Inputs", "corpus", "unit", "CMakeLists.txt", "lit.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.corolint_obj_root, "test")

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", "/usr/bin:/bin")])

plugin_run = "%s -load %s" % (config.clang_tidy, config.corolint_plugin)
config.substitutions.append(("%clang_tidy_plugin", plugin_run))
# The usual check test: only corolint checks, C++20, the mock headers.
config.substitutions.append(
    ("%check_corolint",
     plugin_run + " --checks=-*,corolint-* --quiet"))
config.substitutions.append(("%corolint_obj_root", config.corolint_obj_root))
config.substitutions.append(("%clang_tidy_exe", config.clang_tidy))
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
config.substitutions.append(("%example_service", os.path.join(config.corolint_obj_root, "examples", "asio-service")))
config.substitutions.append(("%examples", os.path.join(config.corolint_src_root, "examples")))
