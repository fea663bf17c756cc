#!/usr/bin/env python3
"""Import graph of the server crate: fails when modules import each other in a cycle, or when
`db` imports `auth`, `services` or `routes` (docs/architecture.md, "Layers").

    scripts/import-graph.py [--show] [SRC]      (SRC defaults to server/src)

A module is a file: `server/src/db/cases.rs` is `db::cases`, `server/src/db/mod.rs` is `db`.
Module A depends on module B when A's code names a path into B (`use crate::db::cases::find;`,
`crate::db::cases::find(..)`, `super::token::hash`, `use super::{x, y}` ...); a path is taken to
the longest prefix that is a module file, so `crate::db::Db` is `db` itself. Declaring a child
(`mod cases;`) is not a dependency, and `#[cfg(test)]` modules are left out: tests may reach
anywhere. `--show` prints every edge.
"""

import re
import sys
from pathlib import Path

# `db` is the bottom layer: it stores and loads, and knows nothing of who asks or why.
FORBIDDEN = {"db": ("auth", "services", "routes")}


def strip_comments_and_strings(text: str) -> str:
    """Blanks comments, string and char literals so that braces and paths inside them are not read."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    if text[i] == "\n":
                        out.append("\n")
                    i += 1
        elif c == "r" and re.match(r'r#*"', text[i:i + 10]) and not (i and (text[i - 1].isalnum() or text[i - 1] == "_")):
            hashes = re.match(r'r(#*)"', text[i:]).group(1)
            end = text.find('"' + hashes, i + 2 + len(hashes))
            end = n if end < 0 else end + 1 + len(hashes)
            out.append('""' + "\n" * text.count("\n", i, end))
            i = end
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j + 1
        elif c == "'" and re.match(r"'(\\.|[^\\'])'|'\\u\{[0-9a-fA-F]+\}'|'\\x[0-9a-fA-F]{2}'", text[i:i + 12]):
            m = re.match(r"'(\\.|[^\\'])'|'\\u\{[0-9a-fA-F]+\}'|'\\x[0-9a-fA-F]{2}'", text[i:i + 12])
            out.append("' '")
            i += len(m.group(0))
        else:
            out.append(c)
            i += 1
    return "".join(out)


def drop_test_modules(text: str) -> str:
    """Removes `#[cfg(test)] mod name { ... }` blocks (text already stripped of strings)."""
    while True:
        m = re.search(r"#\[cfg\(test\)\]\s*(pub(\([^)]*\))?\s+)?mod\s+\w+\s*\{", text)
        if not m:
            return text
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        text = text[: m.start()] + text[j:]


def module_of(path: Path, src: Path) -> tuple:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "main", "lib"):
        parts = parts[:-1]
    return tuple(parts)


def expand_use_tree(tree: str) -> list:
    """`a::{b, c::{d, e}}` -> ["a::b", "a::c::d", "a::c::e"]."""
    tree = re.sub(r"\s+as\s+", "@", tree.strip())  # `x as y` kept as `x@y`
    tree = re.sub(r"\s+", "", tree)
    depth, start = 0, None
    for k, ch in enumerate(tree):
        if ch == "{":
            if depth == 0:
                start = k
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                prefix, inner, rest = tree[:start], tree[start + 1 : k], tree[k + 1 :]
                items, d, cur = [], 0, ""
                for ch2 in inner:
                    if ch2 == "," and d == 0:
                        items.append(cur)
                        cur = ""
                        continue
                    d += {"{": 1, "}": -1}.get(ch2, 0)
                    cur += ch2
                items.append(cur)
                return [p for item in items if item for p in expand_use_tree(prefix + item + rest)]
    return [tree]


def resolve(full: list, modules: set, reexports: dict, hops: int = 0):
    """The module file that defines what `full` (segments from the crate root) names: the longest
    prefix that is a module, followed through `pub use` re-exports (a facade is not a dependency)."""
    best, k = (), 0
    for i in range(1, len(full) + 1):
        if tuple(full[:i]) in modules:
            best, k = tuple(full[:i]), i
    if k < len(full) and hops < 10:
        target = reexports.get(best, {}).get(full[k])
        if target is not None:
            return resolve(target + full[k + 1 :], modules, reexports, hops + 1)
    return best


def edges_of(path: Path, src: Path, modules: set, reexports: dict) -> set:
    """The modules `path` depends on; fills `reexports[module]` with its `pub use` bindings."""
    here = module_of(path, src)
    text = drop_test_modules(strip_comments_and_strings(path.read_text()))
    # Inline module depth at each offset, for `super::` inside `mod x { ... }` blocks.
    inline_starts = [m.end() for m in re.finditer(r"\bmod\s+\w+\s*\{", text)]

    def depth_at(offset: int) -> int:
        depth = 0
        for start in inline_starts:
            if start > offset:
                break
            level, j = 1, start
            while j < offset and level:
                level += {"{": 1, "}": -1}.get(text[j], 0)
                j += 1
            if level:
                depth += 1
        return depth

    # What a `use` binds: after `use crate::db;`, `db::cases::find(..)` is a path into `db::cases`.
    aliases = {child[-1]: list(child) for child in modules if child[:-1] == here and child}

    def absolute(segments: list, offset: int):
        """Segments from the crate root, or None for another crate."""
        if segments[0] == "crate":
            return segments[1:]
        if segments[0] in ("super", "self"):
            base, rest, depth = list(here), list(segments), depth_at(offset)
            while rest and rest[0] in ("super", "self"):
                if rest[0] == "super":
                    if depth > 0:
                        depth -= 1
                    else:
                        base = base[:-1]
                rest = rest[1:]
            return list(here) if depth > 0 else base + rest
        if segments[0] in aliases:
            return aliases[segments[0]] + segments[1:]
        return None

    paths = []
    mine = reexports.setdefault(here, {})
    for m in re.finditer(r"(\bpub(?:\([^)]*\))?\s+)?\buse\s+([^;]*);", text):
        public = m.group(1) is not None
        for p in expand_use_tree(m.group(2)):
            segments = [s for s in p.split("::") if s]
            if not segments or segments[-1] == "*":
                segments = segments[:-1]
                bound = None
            else:
                last = segments[-1]
                segments[-1] = last.split("@")[0]
                bound = last.split("@")[-1]
            if not segments:
                continue
            full = absolute(segments, m.start())
            if full is None:
                continue
            if public and bound not in (None, "self"):
                mine[bound] = full  # a facade: importers are sent on to where it is defined
            else:
                paths.append(full)
            if bound == "self":
                full = full[:-1]
                bound = full[-1] if full else None
            if bound and bound != "_":
                aliases[bound] = full
    # The code outside `use` lines (blanked to the same length, so offsets keep their depth).
    code = re.sub(r"\buse\s+[^;]*;", lambda u: re.sub(r"[^\n]", " ", u.group(0)), text)
    for m in re.finditer(r"(?<![\w:])(\w+)((?:::\w+)+)", code):
        segments = [m.group(1)] + m.group(2).split("::")[1:]
        if segments[0] in ("crate", "super", "self") or segments[0] in aliases:
            full = absolute(segments, m.start())
            if full is not None:
                paths.append(full)
    return paths


def resolve_edges(here: tuple, paths: list, modules: set, reexports: dict) -> set:
    found = set()
    for full in paths:
        target = resolve(full, modules, reexports)
        if target != here and target != ():
            found.add(target)
    return found


def strongly_connected(graph: dict) -> list:
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def name(module: tuple) -> str:
    return "::".join(module) or "crate"


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = "--show" in sys.argv
    src = Path(args[0] if args else Path(__file__).resolve().parent.parent / "server" / "src")
    files = sorted(src.rglob("*.rs"))
    modules = {module_of(f, src) for f in files}
    reexports = {}
    paths = {module_of(f, src): edges_of(f, src, modules, reexports) for f in files}
    graph = {m: resolve_edges(m, p, modules, reexports) for m, p in paths.items()}
    if show:
        for m in sorted(graph):
            for t in sorted(graph[m]):
                print(f"{name(m)} -> {name(t)}")
    failures = 0
    for comp in strongly_connected(graph):
        failures += 1
        members = set(comp)
        print(f"cycle among {len(comp)} modules: {', '.join(name(m) for m in comp)}")
        for m in comp:
            inside = sorted(name(t) for t in graph[m] if t in members)
            print(f"    {name(m)} -> {', '.join(inside)}")
    for layer, banned in FORBIDDEN.items():
        for m, targets in sorted(graph.items()):
            if m[:1] != (layer,):
                continue
            for t in sorted(targets):
                if t[:1] and t[0] in banned:
                    failures += 1
                    print(f"layering: {name(m)} imports {name(t)}")
    if failures:
        print(f"{failures} import problem(s) in {src}")
        return 1
    print(f"import graph of {src}: {len(graph)} modules, no cycle, layering kept")
    return 0


if __name__ == "__main__":
    sys.exit(main())
