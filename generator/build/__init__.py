"""Document -> IR: the whole client."""

from __future__ import annotations

from typing import Any

from oapigen import ir
from oapigen.ir import naming
from oapigen.build.access import send_without_read_only
from oapigen.build.models import build_named
from oapigen.build.operations import build_apis
from oapigen.build.schemas import SchemaBuilder
from oapigen.config import Config, spec_names
from oapigen.diagnostics import Collector
from oapigen.spec.pointer import deref, join
from oapigen.build.secrets import mask_secret_models, secret_keys


def build_client(document: Any, diags: Collector, config: Config) -> ir.Client:
    """Build the IR for ``document``; problems go to ``diags``."""
    builder = SchemaBuilder(document, diags, renames=dict(config.renames))
    builder.register_components()
    apis = build_apis(builder)
    models, aliases = build_named(builder, secret_fields=frozenset(config.secret_fields))
    models = mask_secret_models(models, aliases)
    apis = send_without_read_only(apis, models, aliases)
    _check_exports(apis, models, aliases, diags)
    info = document.get("info") if isinstance(document.get("info"), dict) else {}
    host, variables = _server(document)
    servers = document.get("servers") or [{}]
    template = servers[0].get("url") if isinstance(servers[0], dict) else None
    title = str(info.get("title") or "API")
    names = spec_names(config, title)
    return ir.Client(
        title=title,
        description=str(info.get("description") or ""),
        version=str(info.get("version") or ""),
        spec_name=config.spec_label,
        package=names.package,
        distribution=names.distribution,
        host=host,
        server_variables=variables,
        env_base_url=names.env_base_url,
        env_api_key=names.env_api_key,
        models=models,
        aliases=aliases,
        apis=apis,
        security=_security(document),
        secret_keys=secret_keys(models, config.secret_fields),
        idempotency_header=config.idempotency_header,
        host_template=str(template or host).rstrip("/"),
    )


def _server(document: Any) -> tuple[str, tuple[tuple[str, str], ...]]:
    servers = document.get("servers") or []
    server = servers[0] if servers and isinstance(servers[0], dict) else {}
    url = str(server.get("url") or "http://localhost")
    variables = []
    for name, spec in (server.get("variables") or {}).items():
        default = str(spec.get("default", "")) if isinstance(spec, dict) else ""
        variables.append((str(name), default))
        url = url.replace("{" + str(name) + "}", default)
    return url.rstrip("/"), tuple(variables)


def _security(document: Any) -> tuple[ir.SecurityScheme, ...]:
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    result = []
    for name, raw in schemes.items():
        scheme, _ = deref(document, raw)
        if not isinstance(scheme, dict):
            continue
        result.append(
            ir.SecurityScheme(
                pointer=join("/components/securitySchemes", name),
                name=str(name),
                py_name=naming.identifier(str(name)),
                kind=str(scheme.get("type", "")),
                scheme=str(scheme.get("scheme", "")).lower(),
                location=str(scheme.get("in", "")),
                param_name=str(scheme.get("name", "")),
                description=str(scheme.get("description") or ""),
            )
        )
    return tuple(result)


def _check_exports(
    apis: tuple[ir.Api, ...],
    models: tuple[ir.Model, ...],
    aliases: tuple[ir.Alias, ...],
    diags: Collector,
) -> None:
    """Every public name of the package is one thing: a schema may not shadow an API class."""
    owners: dict[str, str] = {name: "the runtime" for name in ir.STATIC_EXPORTS}
    named = [(a.name, f"tag {a.tag!r}", a.operations[0].pointer) for a in apis]
    named += [(m.name, f"#{m.pointer}", m.pointer) for m in models]
    named += [(a.name, f"#{a.pointer}", a.pointer) for a in aliases]
    for name, label, pointer in named:
        other = owners.get(name)
        # Two schemas with one name are reported where they are registered.
        if other is not None and not (label.startswith("#") and other.startswith("#")):
            diags.error(
                pointer,
                "name-collision",
                f"{label} becomes {name}, a name {other} already exports; rename it in "
                "[tool.oapigen] renames",
            )
        else:
            owners[name] = label
