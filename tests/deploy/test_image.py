"""The image and what it installs: a digest-pinned base, a health check, and only hash-locked files.

requirements.lock (the image) and requirements-dev.lock (CI) come from pip-compile --generate-hashes
(README "Development"); these tests fail when pyproject.toml's requirements and the locks drift apart.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")
README_TESTS = "python3 -m venv .venv && .venv/bin/pip install -q -e '.[dev]' && .venv/bin/python -m pytest"


def _dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def _instructions() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", _dockerfile())
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _lock(name: str) -> dict[str, tuple[Version, list[str]]]:
    """name -> (pinned version, hashes) for each requirement of a pip-compile lock file."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / name).read_text())
    pins: dict[str, tuple[Version, list[str]]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        spec, *options = line.split(" --")
        found = re.fullmatch(r"([A-Za-z0-9._-]+)==([^\s;]+)", spec.strip())
        assert found, f"{name}: not an exact pin: {line}"
        options = [o.strip() for o in options]
        hashes = [o.removeprefix("hash=") for o in options if o.startswith("hash=")]
        assert len(hashes) == len(options), f"{name}: an option other than --hash: {line}"
        pins[canonicalize_name(found.group(1))] = (Version(found.group(2)), hashes)
    return pins


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_every_base_image_is_pinned_by_digest() -> None:
    args = dict(
        re.fullmatch(r"ARG (\w+)=(\S+)", i).groups()  # type: ignore[union-attr]
        for i in _instructions()
        if i.startswith("ARG ") and "=" in i
    )
    froms = [i.split()[1] for i in _instructions() if i.startswith("FROM ")]
    assert len(froms) == 2
    for image in froms:
        image = args.get(image.strip("${}"), image)
        assert image.startswith("python:3.11-slim-bookworm@sha256:"), image
        assert DIGEST.search(image), f"{image}: not pinned by a sha256 digest"


def test_the_image_has_a_health_check_on_healthz() -> None:
    checks = [i for i in _instructions() if i.startswith("HEALTHCHECK ")]
    assert len(checks) == 1
    assert "http://127.0.0.1:3000/healthz" in checks[0]
    assert "--interval=" in checks[0] and "--start-period=" in checks[0]
    assert "EXPOSE 3000" in _instructions()


def test_the_image_installs_only_hash_checked_files() -> None:
    runs = " ".join(i for i in _instructions() if i.startswith("RUN "))
    assert "pip install --require-hashes --no-deps -r requirements.lock" in runs
    assert "pip install --no-deps --no-build-isolation ." in runs  # the project: nothing resolved or fetched
    assert "COPY requirements.lock ./" in _instructions()
    installs = re.findall(r"pip install[^&]*", runs)
    assert all("--no-deps" in i for i in installs), installs


@pytest.mark.parametrize("name", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_requirement_is_pinned_with_a_hash(name: str) -> None:
    pins = _lock(name)
    assert pins
    for package, (_, hashes) in pins.items():
        assert hashes, f"{name}: {package} has no --hash"
        assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in hashes), package


def _check_covered(pins: dict[str, tuple[Version, list[str]]], requirements: list[str], where: str) -> None:
    for line in requirements:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name in pins, f"{where}: {req.name} is not in the lock: run pip-compile (README 'Development')"
        assert req.specifier.contains(pins[name][0], prereleases=True), (
            f"{where}: {req.name} locked at {pins[name][0]}, pyproject.toml asks {req.specifier}"
        )
        for extra in sorted(req.extras):  # e.g. psycopg[binary] -> psycopg-binary
            if extra == "binary":
                assert canonicalize_name(f"{req.name}-binary") in pins, line


def test_the_runtime_lock_covers_every_dependency_and_the_build_backend() -> None:
    project = _pyproject()
    pins = _lock("requirements.lock")
    _check_covered(pins, project["project"]["dependencies"], "requirements.lock")
    # --no-build-isolation builds casebot with the locked setuptools and wheel
    _check_covered(pins, project["build-system"]["requires"], "requirements.lock (build-system)")
    dev = project["project"]["optional-dependencies"]["dev"]
    dev_only = {canonicalize_name(Requirement(r).name) for r in dev}
    assert not dev_only & set(pins), "a dev tool in the image's lock"


def test_the_dev_lock_covers_the_runtime_and_the_dev_extra() -> None:
    project = _pyproject()
    pins = _lock("requirements-dev.lock")
    _check_covered(pins, project["project"]["dependencies"], "requirements-dev.lock")
    _check_covered(pins, project["project"]["optional-dependencies"]["dev"], "requirements-dev.lock (dev)")
    runtime = _lock("requirements.lock")
    for name, (version, _) in runtime.items():
        if name in pins:
            assert pins[name][0] == version, f"{name}: {version} in the image, {pins[name][0]} in CI"


def test_ci_installs_the_dev_lock_with_hashes_before_the_readme_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    install = ci.index(".venv/bin/pip install -q --require-hashes -r requirements-dev.lock")
    # the README's command, verbatim, in the function CI calls after that install
    assert re.search(r"^readme_tests\(\) \{\n  " + re.escape(README_TESTS) + r"\n\}$", ci, re.M)
    calls = [m.start() for m in re.finditer(r"^\s*readme_tests$", ci, re.M)]
    assert len(calls) == 2 and install < min(calls)
    assert install < ci.index(".venv/bin/ruff check .")
    assert README_TESTS in (ROOT / "README.md").read_text()
