"""Config for anyone's spec: names from the title, the table found upwards, values checked."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from oapigen.cli import main
from oapigen.config import CHECKS, Config, load_config, spec_names

ROOT = Path(__file__).resolve().parents[2]

SPEC = """\
openapi: 3.1.0
info: {title: Pet Store, version: 2.1.0}
paths: {}
components:
  schemas:
    Token:
      type: object
      properties: {client_secret: {type: string}}
"""


@pytest.mark.parametrize(
    ("title", "package", "distribution", "prefix"),
    [
        ("Pet Store", "pet_store_client", "pet-store-client", "PET_STORE"),
        ("OpenAI API", "openai_api_client", "openai-api-client", "OPENAI"),
        ("Pet Store Client", "pet_store_client", "pet-store-client", "PET_STORE"),
        ("Café Ölmarkt", "cafe_olmarkt_client", "cafe-olmarkt-client", "CAFE_OLMARKT"),
        (
            "1Password Connect",
            "api_1password_connect_client",
            "api-1password-connect-client",
            "API_1PASSWORD_CONNECT",
        ),
        ("天气", "api_client", "api-client", "API"),
        ("", "api_client", "api-client", "API"),
    ],
)
def test_names_come_from_the_title(
    title: str, package: str, distribution: str, prefix: str
) -> None:
    names = spec_names(Config(), title)
    assert (names.package, names.distribution) == (package, distribution)
    assert (names.env_api_key, names.env_base_url) == (f"{prefix}_API_KEY", f"{prefix}_BASE_URL")
    assert package.isidentifier()


def test_a_given_package_names_the_rest_and_given_names_win() -> None:
    names = spec_names(Config(package="pets"), "Pet Store")
    assert (names.package, names.distribution, names.env_api_key) == (
        "pets",
        "pets",
        "PETS_API_KEY",
    )
    given = Config(distribution="acme-pets", env_api_key="ACME_KEY", env_base_url="ACME_URL")
    names = spec_names(given, "Pet Store")
    assert (names.package, names.distribution) == ("pet_store_client", "acme-pets")
    assert (names.env_api_key, names.env_base_url) == ("ACME_KEY", "ACME_URL")


def test_without_config_the_client_is_named_after_the_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "openapi.yaml").write_text(SPEC, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 0
    out = tmp_path / "generated"
    pyproject = (out / "pyproject.toml").read_text(encoding="utf-8")
    # The client's version is its own (default 1.0.0), not the spec's info.version (2.1.0).
    assert 'name = "pet-store-client"' in pyproject and 'version = "1.0.0"' in pyproject
    configuration = (out / "pet_store_client" / "configuration.py").read_text(encoding="utf-8")
    assert 'ENV_API_KEY = "PET_STORE_API_KEY"' in configuration
    assert 'ENV_BASE_URL = "PET_STORE_BASE_URL"' in configuration
    # No secret fields unless configured: client_secret is an ordinary field of this API.
    token = (out / "pet_store_client" / "models" / "token.py").read_text(encoding="utf-8")
    assert "redact" not in token and "<redacted>" not in token
    for page in [out / "README.md", *(out / "docs").glob("*.md")]:
        assert "OPENAI" not in page.read_text(encoding="utf-8"), page


def test_flags_name_the_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "openapi.yaml").write_text(SPEC, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    flags = ["--package", "acme", "--distribution", "acme-pets"]
    flags += ["--env-api-key", "ACME_TOKEN", "--env-base-url", "ACME_HOST"]
    assert main(["generate", "--out", "o", *flags]) == 0
    assert 'name = "acme-pets"' in (tmp_path / "o" / "pyproject.toml").read_text(encoding="utf-8")
    configuration = (tmp_path / "o" / "acme" / "configuration.py").read_text(encoding="utf-8")
    assert 'ENV_API_KEY = "ACME_TOKEN"' in configuration
    assert 'ENV_BASE_URL = "ACME_HOST"' in configuration


def test_config_is_found_from_a_subfolder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "api.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.oapigen]\nspec = "api.yaml"\nout = "client"\npackage = "pets"\n'
        'secret_fields = ["client_secret"]\n',
        encoding="utf-8",
    )
    deeper = tmp_path / "src" / "deeper"
    deeper.mkdir(parents=True)
    # A pyproject.toml without the table on the way up says nothing about oapigen: passed over.
    (tmp_path / "src" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    monkeypatch.chdir(deeper)
    config = load_config(deeper)
    assert (config.root, config.spec, config.out) == (
        tmp_path,
        tmp_path / "api.yaml",
        tmp_path / "client",
    )
    assert main(["generate"]) == 0
    token = tmp_path / "client" / "pets" / "models" / "token.py"
    assert "<redacted>" in token.read_text(encoding="utf-8")  # the configured secret field
    assert not (deeper / "generated").exists()


def test_this_repo_keeps_openai_settings_in_its_own_config() -> None:
    assert Config().package is None and Config().secret_fields == ()
    config = load_config(ROOT / "generator" / "cli")
    assert (config.root, config.package, config.env_api_key) == (
        ROOT,
        "openapi_openai",
        "OPENAI_API_KEY",
    )


BAD_VALUES = [
    ('secret_fields = "client_secret"', "secret_fields", "must be a list of field names"),
    ('lenient = "no"', "lenient", "must be true or false, not 'no'"),
    ("strict = 1", "strict", "must be true or false, not 1"),
    ("spec = 42", "spec", "must be a path"),
    ('out = ""', "out", "must be a path"),
    ("templates = 5", "templates", "must be a path"),
    ('package = "my-client"', "package", "must be a Python identifier"),
    ('package = "class"', "package", "must not be a Python keyword"),
    ('distribution = "-x"', "distribution", "must be a distribution name"),
    ('env_api_key = "MY KEY"', "env_api_key", "must be an environment variable name"),
    ("env_base_url = []", "env_base_url", "must be an environment variable name"),
    ('idempotency_header = "Key: x"', "idempotency_header", "must be an HTTP header name"),
    ('formatter = "yapf"', "formatter", "must be one of ruff, black"),
    ('renames = ["A", "B"]', "renames", "must be a table"),
    ("renames = { A = 1 }", "renames", "must be a table"),
    ('pagination = "cursor"', "pagination", "must be a table of operationId = {"),
    ('pagination = { listFiles = "yes" }', "pagination", 'listFiles: must be "none" or a table'),
    ('pagination = { listFiles = { style = "cursors" } }', "pagination", "style must be one of"),
    ('pagination = { listFiles = { style = "cursor" } }', "pagination", "needs param"),
    (
        'pagination = { listFiles = { style = "next", param = "page" } }',
        "pagination",
        "style 'next' needs next",
    ),
    ("pagination = { listFiles = { style = 1 } }", "pagination", "(strings)"),
    ('pagination = { listFiles = { style = "page", next = "n" } }', "pagination", "needs param"),
    ('response_types = { op = "text/plain" }', "response_types", "must be a table of"),
    ('response_types = { op = ["text"] }', "response_types", "must be a table of"),
    ('spek = "x.yaml"', "spek", "unknown key; the keys are cache_dir, distribution"),
    ('root = "x"', "root", "unknown key"),
]


@pytest.mark.parametrize("case", BAD_VALUES, ids=[c[0] for c in BAD_VALUES])
def test_every_bad_value_is_one_line_naming_the_key(
    case: tuple[str, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    line, key, message = case
    monkeypatch.chdir(tmp_path)
    err = _config_error(tmp_path, SPEC, line, capsys)
    assert err.startswith(f"{tmp_path / 'pyproject.toml'}: error[config]: [tool.oapigen] {key}: ")
    assert message in err
    assert not (tmp_path / "generated").exists()


def test_a_tool_key_that_is_not_a_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("tool = 5\n", encoding="utf-8")
    assert load_config(tmp_path).root == tmp_path


def test_a_file_that_is_not_toml_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.oapigen\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "error[config]: not valid TOML" in err


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--package", "my-client"),
        ("--distribution", "a b"),
        ("--env-api-key", "1KEY"),
        ("--env-base-url", "A-B"),
    ],
)
def test_a_bad_name_flag_is_one_line_naming_the_flag(
    flag: str,
    value: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "openapi.yaml").write_text(SPEC, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["generate", flag, value]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"{flag}: error[config]: must be ")
    assert not (tmp_path / "generated").exists()


def test_every_key_is_checked_and_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `(\w+)` \|", section, re.MULTILINE))
    assert documented == set(CHECKS)
    assert {f.name for f in fields(Config)} - {"root", "use_cache"} == set(CHECKS)


@pytest.mark.parametrize("command", ["generate", "validate", "slice", "diff", "docs"])
def test_every_flag_is_documented(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    flags = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", capsys.readouterr().out)) - {"--help"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    usage = next(line for line in readme.splitlines() if line.startswith(f"oapigen {command} "))
    assert flags and flags <= set(re.findall(r"--[a-z][a-z-]*", usage)), (flags, usage)
    section = readme.split("## CLI", 1)[1].split("\n## ", 1)[0]
    assert all(f"`{flag}" in section for flag in flags), [
        f for f in flags if f"`{f}" not in section
    ]


def test_every_command_and_global_flag_is_documented(capsys: pytest.CaptureFixture[str]) -> None:
    """The top-level parser too: each command has a usage line, --version and --debug a row."""
    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = capsys.readouterr().out
    commands = set(re.findall(r"^    ([a-z]+)  ", help_text, re.MULTILINE))
    flags = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", help_text)) - {"--help"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## CLI", 1)[1].split("\n## ", 1)[0]
    usage = {line.split()[1] for line in section.splitlines() if line.startswith("oapigen ")}
    assert commands and commands <= usage, commands - usage
    assert flags == {"--version", "--debug"}, flags
    assert all(f"`{flag}" in section for flag in flags)


PAGED_SPEC = """\
openapi: 3.1.0
info: {title: Pet Store, version: 2.1.0}
paths:
  /pets:
    get:
      operationId: listPets
      parameters: [{name: after, in: query, schema: {type: string}}]
      responses:
        '200':
          description: pets
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: string}}
                  has_more: {type: boolean}
"""


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            'pagination = { listPetz = "none" }',
            "#/paths: error[config]: [tool.oapigen] pagination: 'listPetz' is neither",
        ),
        (
            'response_types = { "#/paths/~1cats/get" = ["text/plain"] }',
            "[tool.oapigen] response_types: '#/paths/~1cats/get' is neither",
        ),
        (
            'pagination = { listPets = { style = "cursor", param = "before" } }',
            "~1pets/get: error[config]: [tool.oapigen] pagination: param 'before' is neither",
        ),
        (
            'pagination = { listPets = { style = "next", param = "after", next = "cursor" } }',
            "[tool.oapigen] pagination: next 'cursor' is not a property of the page",
        ),
    ],
)
def test_an_entry_that_fits_no_operation_is_one_line(
    table: str,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert message in _config_error(tmp_path, PAGED_SPEC, table, capsys)


def _config_error(project: Path, spec: str, entry: str, capsys: pytest.CaptureFixture[str]) -> str:
    """What ``oapigen generate`` in ``project`` prints for a [tool.oapigen] ``entry``.

    Asserted: it fails with exit code 2 and says so in one line, no traceback.
    """
    (project / "openapi.yaml").write_text(spec, encoding="utf-8")
    (project / "pyproject.toml").write_text(f"[tool.oapigen]\n{entry}\n", encoding="utf-8")
    assert main(["generate"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err
