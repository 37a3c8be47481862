#!/usr/bin/env python3
"""The house's figures, from the tree as it is: the largest file and the longest function under
src/, the lines of src/publish/ and of README.md.

    python3 scripts/house-figures.py            # prints the figures
    python3 scripts/house-figures.py --check    # exits 1 when a file is over 600 lines or a
                                                # function over 150 (the limits of the house)
    python3 scripts/house-figures.py --root DIR # another tree (the test of this script)

A function runs from the line of its `fn` to the line of its closing brace; comments, strings
and character literals are blanked first, so a brace inside them does not count.
"""
import argparse
import os
import re
import sys

MAX_FILE_LINES = 600
MAX_FN_LINES = 150


def blank(text):
    """The text with comments, strings and char literals replaced by spaces (newlines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif re.match(r'b?r#*"', text[i:i + 80]) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'(b?r)(#*)"', text[i:])
            end = '"' + m.group(2)
            j = text.find(end, i + m.end())
            j = n if j < 0 else j + len(end)
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "'":
            # A char literal ('x', '\n', '\u{..}', '{'), not a lifetime ('a).
            m = re.match(r"'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'", text[i:])
            if m:
                out.append(" " * m.end())
                i += m.end()
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


FN = re.compile(r"\bfn\s+([A-Za-z_][A-Za-z0-9_]*)")


def functions(text):
    """(name, first line, line count) of every function with a body."""
    code = blank(text)
    line_starts = [0]
    for m in re.finditer("\n", code):
        line_starts.append(m.end())

    def line_of(pos):
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    found = []
    for m in FN.finditer(code):
        # The body opens at the first `{` outside the signature's parentheses, brackets and angle
        # brackets; a `;` there first means a declaration without a body.
        j, depth = m.end(), 0
        while j < len(code):
            ch = code[j]
            if ch in "([":
                depth += 1
            elif ch in ")]":
                depth -= 1
            elif depth == 0 and ch == ";":
                j = -1
                break
            elif depth == 0 and ch == "{":
                break
            j += 1
        if j < 0 or j >= len(code):
            continue
        braces, k = 0, j
        while k < len(code):
            if code[k] == "{":
                braces += 1
            elif code[k] == "}":
                braces -= 1
                if braces == 0:
                    break
            k += 1
        first, last = line_of(m.start()), line_of(k)
        found.append((m.group(1), first, last - first + 1))
    return found


def rust_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for f in sorted(filenames):
            if f.endswith(".rs"):
                yield os.path.join(dirpath, f)


def line_count(path):
    with open(path, encoding="utf-8") as f:
        return sum(1 for _ in f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    src = os.path.join(args.root, "src")
    files, fns = [], []
    for path in rust_files(src):
        rel = os.path.relpath(path, args.root)
        files.append((line_count(path), rel))
        with open(path, encoding="utf-8") as f:
            for name, first, count in functions(f.read()):
                fns.append((count, f"{rel}:{first} {name}"))
    if not files:
        print(f"error: no Rust file under {src}", file=sys.stderr)
        return 2
    files.sort(key=lambda x: (-x[0], x[1]))
    fns.sort(key=lambda x: (-x[0], x[1]))
    publish = sum(n for n, rel in files if rel.startswith(os.path.join("src", "publish") + os.sep))
    readme = os.path.join(args.root, "README.md")
    print(f"largest file: {files[0][1]}, {files[0][0]} lines")
    print(f"longest function: {fns[0][1]}, {fns[0][0]} lines" if fns else "longest function: none")
    print(f"src/publish/: {publish} lines")
    if os.path.exists(readme):
        print(f"README.md: {line_count(readme)} lines")
    print(f"files under src/: {len(files)}, functions: {len(fns)}")
    if args.check:
        over = [f"file {rel}: {n} lines (limit {MAX_FILE_LINES})" for n, rel in files if n > MAX_FILE_LINES]
        over += [f"function {where}: {n} lines (limit {MAX_FN_LINES})" for n, where in fns if n > MAX_FN_LINES]
        for o in over:
            print(f"over the limit: {o}", file=sys.stderr)
        return 1 if over else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
