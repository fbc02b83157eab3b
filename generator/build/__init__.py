"""Document -> IR: the whole client."""

from __future__ import annotations

from typing import Any

from oapigen import ir
from oapigen.build.access import send_without_read_only
from oapigen.build.apis import build_apis
from oapigen.build.errors import with_common_errors
from oapigen.build.models import build_named
from oapigen.build.pagination import finish_pagination
from oapigen.build.schemas import SchemaBuilder
from oapigen.build.secrets import mask_secret_models, secret_keys
from oapigen.config import Config, spec_names
from oapigen.diagnostics import Collector
from oapigen.ir import naming
from oapigen.spec.pointer import deref, join


def build_client(document: Any, diags: Collector, config: Config) -> ir.Client:
    """Build the IR for ``document``; problems go to ``diags``."""
    builder = SchemaBuilder(document, diags, renames=dict(config.renames))
    builder.register_components()
    apis = build_apis(
        builder,
        group_by=config.group_by,
        pagination={key: dict(entry) for key, entry in config.pagination},
        response_types=dict(config.response_types),
    )
    apis = with_common_errors(builder, apis)
    models, aliases = build_named(builder, secret_fields=frozenset(config.secret_fields))
    models = mask_secret_models(models, aliases)
    apis = send_without_read_only(apis, models, aliases)
    apis = finish_pagination(apis, models)
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
        secret_prefixes=config.secret_prefixes,
        idempotency_header=config.idempotency_header,
        package_version=config.version,
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
                bearer_format=str(scheme.get("bearerFormat") or "").strip(),
            )
        )
    return tuple(result)


def _check_exports(
    apis: tuple[ir.Api, ...],
    models: tuple[ir.Model, ...],
    aliases: tuple[ir.Alias, ...],
    diags: Collector,
) -> None:
    """Warn where a schema takes a package-root name the runtime or an API class also wants."""
    schemas = {m.name: m.pointer for m in models} | {a.name: a.pointer for a in aliases}
    wanted = [(name, "the runtime's", "") for name in ir.STATIC_EXPORTS]
    wanted += [(a.name, f"tag {a.tag!r}'s", a.module) for a in apis]
    for name, owner, module in wanted:
        pointer = schemas.get(name)
        if pointer is None:
            continue
        where = f"api.{module}" if module else _RUNTIME_HOME.get(name, "")
        diags.warning(
            pointer,
            "name-collision",
            f"the package root exports this schema as {name}; {owner} {name} stays importable "
            f"from its module, .{where}",
        )


_RUNTIME_HOME = {name: module for module, names in ir.RUNTIME_EXPORTS for name in names}
