# Writes DIR/compile_commands.json for the .cpp files under DIR, with the
# files named absolutely (as CMake names them) or relative to DIR.
import json, os, sys
d, inputs, form = sys.argv[1], sys.argv[2], sys.argv[3]
files = sorted(os.path.join(r, f) for r, _, n in os.walk(d) for f in n
               if f.endswith(".cpp"))
name = (lambda f: f) if form == "absolute" else (lambda f: os.path.relpath(f, d))
print(json.dumps([{"directory": d, "file": f,
                   "arguments": ["clang++", "-std=c++20", "-isystem", inputs,
                                 "-c", name(f), "-o", os.path.basename(f) + ".o"]}
                  for f in files], indent=1))
