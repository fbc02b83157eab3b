"""The run cache keys a split spec by the bytes of every file the run read, as it read them."""

from __future__ import annotations

from pathlib import Path

import yaml

from oapigen import Config, render_files
from oapigen.cache.runs import cached_render
from oapigen.diagnostics import Diagnostic
from oapigen.format import formatter_key
from oapigen.pipeline import client_files

from .test_bundle import PET_SPEC, write

Files = tuple[dict[str, str], tuple[Diagnostic, ...]]


def _config(folder: Path) -> Config:
    return Config(
        spec=folder / "api.yaml",
        out=folder / "out",
        package="pets",
        root=folder,
        cache_dir=folder / ".cache",
    )


def _pet_module(files: dict[str, str]) -> str:
    return files["pets/models/pet.py"]


def _with_age(folder: Path) -> None:
    pet = yaml.safe_load((folder / "schemas/pet.yaml").read_text(encoding="utf-8"))
    pet["Pet"]["properties"]["age"] = {"type": "integer"}
    write(folder, {"schemas/pet.yaml": pet})


def test_a_file_edited_during_the_run_is_not_stored_under_its_new_bytes(tmp_path: Path) -> None:
    write(tmp_path, PET_SPEC)
    config = _config(tmp_path)

    def edited_while_running(cfg: Config) -> Files:
        made = client_files(cfg)
        _with_age(tmp_path)  # after the pipeline read schemas/pet.yaml, before the key is taken
        return made

    formatter = formatter_key(config.formatter)
    first, _, _ = cached_render(config, edited_while_running, formatter=formatter)
    assert "age" not in _pet_module(first)
    again, _ = render_files(config)  # the same bytes as on disk now, so Pet has ``age``
    assert "age" in _pet_module(again)


def test_the_same_files_are_answered_from_the_cache(tmp_path: Path) -> None:
    write(tmp_path, PET_SPEC)
    config = _config(tmp_path)
    formatter = formatter_key(config.formatter)
    first, _, _ = cached_render(config, client_files, formatter=formatter)

    def never(cfg: Config) -> Files:
        raise AssertionError("ran the pipeline on files it has seen")

    assert cached_render(config, never, formatter=formatter)[0] == first
    _with_age(tmp_path)
    assert "age" in _pet_module(cached_render(config, client_files, formatter=formatter)[0])
