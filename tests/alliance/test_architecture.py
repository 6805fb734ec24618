"""The code's shape (docs/architecture.md), read from the source:

- imports point one way, api → cms → projects → members → alliance (only the root URL
  configuration sees every app);
- a model module imports no views module;
- no module imports a tasks module: services queue tasks by name (`alliance.celery.queue`), and
  each name is a task;
- the imports at the top of the modules form no cycle.

Every import counts, also one inside a function.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["alliance", "members", "projects", "cms", "api"]  # each may import the ones before it
SEES_EVERY_APP = {"alliance/urls.py"}  # mounts every app's views


def module_name(path: str) -> str:
    parts = path.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: str, source: str, *, top_only: bool = False) -> Iterator[tuple[int, str]]:
    """(line, module) for each import of `source`, relative ones resolved; `from a import b`
    gives `a.b` (b may be a module). With `top_only`, the imports outside functions only."""
    tree = ast.parse(source)
    package = module_name(path).split(".")
    if not path.endswith("__init__.py"):
        package = package[:-1]
    nodes = tree.body if top_only else ast.walk(tree)
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                yield node.lineno, f"{module}.{alias.name}"


def sources() -> Iterator[tuple[str, str]]:
    for app in LAYERS:
        for file in sorted((ROOT / app).rglob("*.py")):
            yield file.relative_to(ROOT).as_posix(), file.read_text()


def layer_breaks(path: str, source: str) -> list[str]:
    if path in SEES_EVERY_APP:
        return []
    rank = LAYERS.index(path.split("/")[0])
    return [
        f"{path}:{line} imports {module}"
        for line, module in imports(path, source)
        if module.split(".")[0] in LAYERS and LAYERS.index(module.split(".")[0]) > rank
    ]


def is_model_module(path: str) -> bool:
    parts = path.split("/")
    return parts[1] == "models.py" or (len(parts) > 2 and parts[1] == "models")


def views_imported_by_models(path: str, source: str) -> list[str]:
    if not is_model_module(path):
        return []
    return [
        f"{path}:{line} imports {module}"
        for line, module in imports(path, source)
        if "views" in module.split(".")
    ]


def tasks_imported(path: str, source: str) -> list[str]:
    own = module_name(path)
    return [
        f"{path}:{line} imports {module}"
        for line, module in imports(path, source)
        if module.split(".")[0] in LAYERS
        and len(module.split(".")) >= 2
        and module.split(".")[1] == "tasks"
        and not own.startswith(module.split(".")[0] + ".tasks")
    ]


def test_imports_point_one_way():
    assert [bad for path, source in sources() for bad in layer_breaks(path, source)] == []


def test_no_model_module_imports_a_views_module():
    found = [bad for path, source in sources() for bad in views_imported_by_models(path, source)]
    assert found == []


def test_no_module_imports_a_tasks_module():
    assert [bad for path, source in sources() for bad in tasks_imported(path, source)] == []


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of `graph` (module → the modules it imports), or []."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = "done"
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def top_level_graph() -> dict[str, set[str]]:
    files = dict(sources())
    known = {module_name(path) for path in files}
    graph = {}
    for path, source in files.items():
        targets = set()
        for _line, module in imports(path, source, top_only=True):
            # `from a import b`: the module a.b, else the module a.
            while module and module not in known:
                module = module.rpartition(".")[0]
            if module and module != module_name(path):
                targets.add(module)
        graph[module_name(path)] = targets
    return graph


def test_the_imports_at_the_top_of_the_modules_form_no_cycle():
    assert cycle(top_level_graph()) == []


def queued_names(source: str) -> Iterator[str]:
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "queue"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            yield node.args[0].value


def test_every_task_queued_by_name_exists():
    from alliance.celery import app

    app.loader.import_default_modules()
    names = {name for _path, source in sources() for name in queued_names(source)}
    assert len(names) > 10
    assert sorted(name for name in names if name not in app.tasks) == []


# The checks themselves find what they look for.


@pytest.mark.parametrize(
    ("path", "source", "found"),
    [
        (
            "members/services.py",
            "from projects.models import Project\n",
            "1 imports projects.models.Project",
        ),
        (
            "projects/views.py",
            "def view():\n    from cms import selectors\n",
            "2 imports cms.selectors",
        ),
        ("alliance/emails.py", "import api.models\n", "1 imports api.models"),
    ],
)
def test_an_import_against_the_layers_is_found(path, source, found):
    assert layer_breaks(path, source) == [f"{path}:{found}"]


def test_an_import_along_the_layers_is_not_found():
    assert (
        layer_breaks("cms/services.py", "from members.models import User\nfrom . import x\n") == []
    )


@pytest.mark.parametrize(
    "source",
    [
        "def serve(self, request):\n    from cms import views\n",
        "from .. import views\n",
        "from cms.views import declaration\n",
    ],
)
def test_a_model_module_importing_views_is_found(source):
    assert views_imported_by_models("cms/models/declaration.py", source) != []
    assert views_imported_by_models("cms/services.py", source) == []


def test_an_import_of_a_tasks_module_is_found():
    assert tasks_imported("cms/services.py", "def f():\n    from cms.tasks import send\n") != []
    assert tasks_imported("members/tasks.py", "from members.tasks import helper\n") == []


def test_a_cycle_is_found():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_a_queued_name_is_read():
    assert list(queued_names('queue("cms.tasks.send", 1)\nqueue(f"{x}.tasks.y", 2)\n')) == [
        "cms.tasks.send"
    ]


def reached_from(graph: dict[str, set[str]], prefix: str) -> set[str]:
    """Every module of ours that importing the `prefix` modules loads, their packages included."""
    seen: set[str] = set()
    todo = [module for module in graph if module.startswith(prefix)]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        parents = {module.rsplit(".", n)[0] for n in range(1, module.count(".") + 1)}
        todo.extend((graph.get(module, set()) | parents) - seen)
    return seen


def test_projects_load_neither_stripe_nor_the_dues_services():
    """projects/ uses members' invitations, not its dues: none of its modules loads the dues or
    Stripe services, nor `stripe` or Pillow. (Django's app loading itself does, through the
    dues admin in cms' wagtail_hooks; this is about what projects/ asks for.)"""
    graph = top_level_graph()
    reached = reached_from(graph, "projects.")
    assert "members.services.invitations" in reached
    assert reached & {"members.services.dues", "members.services.stripe_events"} == set()
    files = {module_name(path): (path, source) for path, source in sources()}
    third_party = {
        module.split(".")[0]
        for name in reached
        if name in files
        for _line, module in imports(*files[name], top_only=True)
    }
    assert third_party & {"stripe", "PIL"} == set()
