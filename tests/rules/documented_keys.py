#!/usr/bin/python3
"""Issue 13 (item 13): every key the rule-file loader accepts is in
docs/rules.md. The keys are read from the loader's own YamlMap calls (the
one place a key is accepted), so a key added there and not documented fails.

usage: documented_keys.py PROJECT_DIR
"""
import os
import re
import sys

root = sys.argv[1]
doc = open(os.path.join(root, "docs", "rules.md"), encoding="utf-8").read()
keys = set()
for name in ("load.cpp", "values.cpp"):
    text = open(os.path.join(root, "rules", name), encoding="utf-8").read()
    # YamlMap(file, node, what, {"a", "b"}[, {...}]): the first brace list is the keys allowed.
    for call in re.finditer(r"YamlMap[ (][^;]*?\{([^{}]*)\}", text, re.S):
        keys.update(re.findall(r'"([A-Za-z_]+)"', call.group(1)))
missing = sorted(k for k in keys if f"`{k}`" not in doc and f"{k}:" not in doc)
print(f"{len(keys)} keys accepted by the loader")
if missing:
    print("not in docs/rules.md:", ", ".join(missing))
    sys.exit(1)
print("all documented")
