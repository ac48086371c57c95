"""docker-compose.yml: two bot replicas behind the TLS proxy, on the insert-only audit role.

The file is read as compose reads it (YAML merge keys resolved), checked against the Compose
Specification's JSON schema (``compose_spec.json`` beside this file: the copy docker-compose 1.29.2
ships as ``compose/config/compose_spec.json``, Apache-2.0), then for the properties the deployment
promises (README "Running with PostgreSQL and Redis (Docker)").
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BOTS = ("casebot-1", "casebot-2")
BOT_ROLE = "casebot_bot"
OWNER = "casebot"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


def _db_user(service: dict[str, Any]) -> str:
    url = service["environment"]["DATABASE_URL"]
    found = re.fullmatch(r"postgresql://([a-z_][a-z0-9_]*):\$\{[A-Z_]+[^}]*\}@postgres:5432/casebot", url)
    assert found, url
    return found.group(1)


def test_the_file_is_valid_against_the_compose_spec_schema(compose: dict[str, Any]) -> None:
    schema = json.loads((Path(__file__).parent / "compose_spec.json").read_text())
    jsonschema.Draft7Validator(schema).validate(compose)


def test_two_bot_replicas_run_casebot_serve(services: dict[str, dict[str, Any]]) -> None:
    serving = sorted(name for name, s in services.items() if s.get("command") == ["serve"])
    assert serving == list(BOTS)
    assert services[BOTS[0]] == services[BOTS[1]]  # copies of one definition
    for name in BOTS:
        assert "deploy" not in services[name]  # plain `docker compose up`: no replicas setting, no scale


def test_only_the_proxy_publishes_ports(services: dict[str, dict[str, Any]]) -> None:
    publishing = {name for name, s in services.items() if s.get("ports")}
    assert publishing == {"caddy"}
    published = {str(p).split(":")[0] for p in services["caddy"]["ports"]}
    assert published == {"80", "443"}
    for name in BOTS:
        assert services[name]["expose"] == ["3000"]


def test_the_proxy_terminates_tls_for_the_hostname_from_env(services: dict[str, dict[str, Any]]) -> None:
    caddy = services["caddy"]
    assert caddy["image"].startswith("caddy:")
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in caddy["volumes"]
    assert caddy["environment"]["CASEBOT_HOSTNAME"].startswith("${CASEBOT_HOSTNAME:?")
    assert set(caddy["depends_on"]) == set(BOTS)
    assert any(v.startswith("caddy_data:/data") for v in caddy["volumes"])  # certificates survive restarts


def test_databases_are_on_the_internal_network_only(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert compose["networks"]["backend"] == {"internal": True}
    for name in ("postgres", "redis"):
        assert services[name]["networks"] == ["backend"]
    assert services["caddy"]["networks"] == ["edge"]  # the proxy cannot reach PostgreSQL or Redis
    for name in BOTS:
        assert set(services[name]["networks"]) == {"backend", "edge"}


def test_the_bots_connect_as_the_bot_role_and_migrations_run_as_the_owner(
    services: dict[str, dict[str, Any]],
) -> None:
    assert services["postgres"]["environment"]["POSTGRES_USER"] == OWNER
    for name in BOTS:
        assert _db_user(services[name]) == BOT_ROLE
        assert "${CASEBOT_DB_PASSWORD:?" in services[name]["environment"]["DATABASE_URL"]
        assert "POSTGRES_PASSWORD" not in json.dumps(services[name])  # the owner's password never
    migrate = services["migrate"]
    assert _db_user(migrate) == OWNER
    script = migrate["command"][0]
    assert migrate["entrypoint"] == ["sh", "-euc"]
    # schema first (init or upgrade), then the role, then `casebot db grant-role` for it
    steps = [script.index(s) for s in ("casebot db upgrade", "casebot init", "CREATE ROLE", "db grant-role")]
    assert steps == sorted(steps)
    assert f"casebot db grant-role {BOT_ROLE}" in script
    assert f"ALTER ROLE {BOT_ROLE} WITH LOGIN NOSUPERUSER" in script
    assert "\\getenv bot_password CASEBOT_DB_PASSWORD" in script  # the password never on a command line
    assert "ON_ERROR_STOP=1" in script
    assert migrate["environment"]["CASEBOT_DB_PASSWORD"].startswith("${CASEBOT_DB_PASSWORD:?")


def test_the_bots_start_only_after_the_setup_step_succeeded(services: dict[str, dict[str, Any]]) -> None:
    assert "profiles" not in services["migrate"]  # runs on every `docker compose up`
    assert services["migrate"]["restart"] == "no"
    for name in BOTS:
        depends = services[name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}
        assert depends["postgres"] == {"condition": "service_healthy"}
        assert depends["redis"] == {"condition": "service_healthy"}


def test_no_witness_and_no_data_volume_on_the_bots(services: dict[str, dict[str, Any]]) -> None:
    for name in (*BOTS, "migrate"):
        service = services[name]
        assert "volumes" not in service
        assert "CASEBOT_AUDIT_CHECKPOINT_DIR" not in service["environment"]
        # the image's VOLUME is covered by a tmpfs: nothing a replica writes outlives it
        assert "/var/lib/casebot:uid=10001,gid=10001,mode=0700" in service["tmpfs"]
        env = service["environment"]
        for witness in ("CASEBOT_AUDIT_S3_BUCKET", "CASEBOT_AUDIT_SLACK_CHANNEL"):
            assert env[witness] == f"${{{witness}:-}}"
        assert env["CASEBOT_ENV"] == "${CASEBOT_ENV:-production}"  # serve refuses to start with no witness


def test_hardening_is_kept(services: dict[str, dict[str, Any]]) -> None:
    for name in (*BOTS, "migrate", "caddy"):
        service = services[name]
        assert service["read_only"] is True, name
        assert service["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in service["security_opt"], name
        assert "/tmp" in service["tmpfs"], name
    assert services["caddy"]["cap_add"] == ["NET_BIND_SERVICE"]
    for name in BOTS:
        assert "cap_add" not in services[name]


def test_long_running_services_are_health_checked(services: dict[str, dict[str, Any]]) -> None:
    for name in ("postgres", "redis", *BOTS, "caddy"):
        assert services[name]["healthcheck"]["test"], name
        assert services[name]["restart"] == "unless-stopped", name
    for name in BOTS:
        check = services[name]["healthcheck"]
        assert "http://127.0.0.1:3000/healthz" in " ".join(check["test"])
        assert services[name]["stop_grace_period"] == "60s"  # drain, then the last checkpoint
