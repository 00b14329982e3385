"""The layout of portal/ tells its architecture: imports point down the layers, and no modules import each other
in a circle (module-level and function-level imports alike; migrations aside).

Layers, top to bottom (an app may import its own layer and the ones below, never one above):

| layer | apps | what |
|---|---|---|
| wiring | settings, urls, wsgi, the ``portal`` package | the project: puts everything together |
| content | news, legal, editorial, selfcheck (later units...) | what readers and editors see, and its checks |
| services | search, visits, accounts, safety | features content uses: search, statistics, sign-in, sanitising |
| delivery | delivery | how pages reach readers fast: remembered lookups, fragments, generations, replica, app server |
| core | core, formats, locale | the domain every app shares: base page, site settings, blocks, text, tree, dates |

Core offers a seam (portal/core/lookups.py) that delivery fills, so core never imports delivery.
"""

import ast
from pathlib import Path

import pytest

PORTAL = Path(__file__).resolve().parent.parent / "portal"
LAYERS = [
    {"settings", "urls", "wsgi", "portal"},
    {"news", "legal", "editorial", "selfcheck"},
    {"search", "visits", "accounts", "safety"},
    {"delivery"},
    {"core", "formats", "locale"},
]
LEVEL = {app: len(LAYERS) - rank for rank, apps in enumerate(LAYERS) for app in apps}


def portal_modules() -> dict[str, Path]:
    modules = {}
    for path in PORTAL.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(PORTAL.parent).with_suffix("").parts)
        modules[name.removesuffix(".__init__")] = path
    return modules


def imports_of(name: str, path: Path, modules) -> set[str]:
    """The portal modules ``name`` imports anywhere in its body (a ``from package import module`` names the module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules] or [base]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # "portal.core.models.SiteSettings" -> "portal.core.models"
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


MODULES = portal_modules()
GRAPH = {name: imports_of(name, path, MODULES) for name, path in MODULES.items()}


def app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def test_every_app_has_a_layer():
    assert {app_of(module) for module in MODULES} <= set(LEVEL)


def test_imports_point_down_the_layers():
    upward = sorted(
        f"{module} imports {target} ({app_of(module)} is below {app_of(target)})"
        for module, targets in GRAPH.items()
        for target in targets
        if LEVEL[app_of(target)] > LEVEL[app_of(module)]
    )
    assert upward == []


def cycles(graph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_no_modules_import_each_other_in_a_circle():
    assert cycles(GRAPH) == []


def test_the_cycle_finder_finds_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("module", ["portal.core.models", "portal.core.tree", "portal.core.templatetags.portal_tags"])
def test_core_does_not_know_delivery(module):
    assert not [target for target in GRAPH[module] if app_of(target) == "delivery"]
