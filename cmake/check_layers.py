#!/usr/bin/python3
"""Fails when a folder includes a header of a folder above it, or when two
stages of the same layer include each other. The layers are the table under
"Layers" in ARCHITECTURE.md: the document is the rule, this script checks it.

usage: check_layers.py REPO
"""
import os
import re
import sys


def layers(architecture):
    out = {}
    for m in re.finditer(r"^\| (\d+) \| ([a-z, ]+) \|$", architecture, re.M):
        for folder in m.group(2).split(","):
            out[folder.strip()] = int(m.group(1))
    return out


def main():
    repo = sys.argv[1]
    with open(os.path.join(repo, "ARCHITECTURE.md"), encoding="utf-8") as f:
        layer = layers(f.read())
    if len(layer) < 5:
        print("FAIL ARCHITECTURE.md has no layer table")
        return 1
    include = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/[^"]+"', re.M)
    broken, checked = [], 0
    for folder in sorted(layer):
        top = os.path.join(repo, folder)
        if not os.path.isdir(top):
            broken.append(f"{folder}/: in the layer table but not in the repository")
            continue
        for root, _, files in os.walk(top):
            for name in sorted(files):
                if not name.endswith((".cpp", ".hpp", ".h", ".c")):
                    continue
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                for m in include.finditer(text):
                    used = m.group(1)
                    checked += 1
                    if used == folder or used not in layer:
                        continue
                    line = text.count("\n", 0, m.start()) + 1
                    where = f"{os.path.relpath(path, repo)}:{line}"
                    if layer[used] > layer[folder]:
                        broken.append(f"{where}: {folder}/ (layer {layer[folder]}) includes {used}/ (layer {layer[used]}), above it")
                    elif layer[used] == layer[folder]:
                        broken.append(f"{where}: {folder}/ includes {used}/, another folder of layer {layer[folder]}")
    for b in broken:
        print("FAIL " + b)
    print(f"{checked} includes checked against ARCHITECTURE.md's layers")
    print(f"{0 if broken else 1} passed, {1 if broken else 0} failed")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
