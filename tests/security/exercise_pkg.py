"""Import a generated package and run everything in it; print what it found as JSON.

Run in a subprocess (``python exercise_pkg.py OUT PACKAGE PLAN.json``) so that whatever the
generated code does stays out of the test process. The plan gives the server's URL, JSON
samples per model class and the string to pass for every string argument.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import json
import pathlib
import sys
import warnings
from typing import Any

_SKIPPED_ARGS = {"self", "_request_timeout", "_headers"}


def literal_values(annotation: str) -> list[Any]:
    """The values of every ``Literal[...]`` in an annotation string, read without eval."""
    found: list[Any] = []
    for node in ast.walk(ast.parse(annotation, mode="eval")):
        if isinstance(node, ast.Subscript) and getattr(node.value, "id", "") == "Literal":
            elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            found += [ast.literal_eval(e) for e in elts]
    return found


def _model_report(cls: Any, samples: list[Any]) -> dict[str, Any]:
    module = sys.modules[cls.__module__]
    report: dict[str, Any] = {
        "doc": cls.__doc__,
        "module_doc": module.__doc__,
        "wire_names": sorted(getattr(module, "_FIELDS", ())),
        "fields": [f.name for f in dataclasses.fields(cls)],
        "literals": {
            k: literal_values(v) for k, v in cls.__annotations__.items() if "Literal" in v
        },
        "round_trips": 0,
    }
    for sample in samples:
        instance = cls.from_dict(sample)
        assert instance.to_dict() == sample, (instance.to_dict(), sample)
        again = cls.from_json(instance.to_json())
        assert again == instance and again.to_dict() == sample
        repr(instance)
        report["round_trips"] += 1
    return report


def _resolve(pkg: Any, annotation: str) -> Any:
    target = getattr(pkg, annotation.split("|", maxsplit=1)[0].strip(), None)
    while isinstance(target, str):  # a TypeAlias of a forward reference
        target = getattr(pkg, target, None)
    return target


def _argument(pkg: Any, param: inspect.Parameter, plan: dict[str, Any]) -> Any:
    annotation = str(param.annotation)
    first = annotation.split("|", maxsplit=1)[0].strip()
    if first == "str":
        return plan["arg"]
    if first == "int":
        return 7
    target = _resolve(pkg, first)
    if target is not None and hasattr(target, "from_dict"):
        return target.from_dict(plan["samples"].get(target.__name__, [{}])[0])
    raise AssertionError(f"no argument for {param.name}: {annotation}")


def _api_report(pkg: Any, cls: Any, plan: dict[str, Any]) -> dict[str, Any]:
    client = pkg.ApiClient(pkg.Configuration(host=plan["host"], access_token="t"))
    api = cls(client)
    report: dict[str, Any] = {
        "doc": cls.__doc__,
        "module_doc": sys.modules[cls.__module__].__doc__,
        "methods": {},
    }
    for name, method in inspect.getmembers(api, inspect.ismethod):
        if name.startswith("_") or name.endswith("_with_http_info"):
            continue
        kwargs = {
            p.name: _argument(pkg, p, plan)
            for p in inspect.signature(method).parameters.values()
            if p.name not in _SKIPPED_ARGS
        }
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = method(**kwargs)
        report["methods"][name] = {
            "doc": method.__doc__,
            "args": sorted(kwargs),
            "warnings": [str(w.message) for w in caught],
            "result": result.to_dict() if hasattr(result, "to_dict") else repr(result),
        }
    client.close()
    return report


def _is_async_twin(cls: Any) -> bool:
    """Whether an API class is the asyncio twin of another (its methods are coroutines)."""
    return any(
        inspect.iscoroutinefunction(f) for _, f in inspect.getmembers(cls, inspect.isfunction)
    )


def main() -> None:
    """Compile every file, import every export, construct every model, call every method."""
    out, package, plan_file = sys.argv[1], sys.argv[2], sys.argv[3]
    plan = json.loads(pathlib.Path(plan_file).read_text(encoding="utf-8"))
    root = pathlib.Path(out)
    for source in sorted(root.rglob("*.py")):
        compile(source.read_text(encoding="utf-8"), str(source), "exec")
    sys.path.insert(0, out)
    pkg = importlib.import_module(package)
    report: dict[str, Any] = {
        "package_doc": pkg.__doc__,
        "host": importlib.import_module(package + ".configuration").DEFAULT_HOST,
        "models": {},
        "apis": {},
        "exports": list(pkg.__all__),
    }
    for name in pkg.__all__:
        obj = getattr(pkg, name)
        if inspect.isclass(obj) and hasattr(obj, "from_dict"):
            # Without a sample a model is built from {}: corpus models have no required fields.
            report["models"][name] = _model_report(obj, plan["samples"].get(name, [{}]))
        elif inspect.isclass(obj) and obj.__module__.startswith(package + ".api."):
            if _is_async_twin(obj):
                continue  # the same calls through a worker thread: tests/runtime covers them
            report["apis"][name] = _api_report(pkg, obj, plan)
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
