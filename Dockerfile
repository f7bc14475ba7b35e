# syntax=docker/dockerfile:1

# --- build: the locked dependencies in a virtual environment, and compiled catalogs ---
FROM python:3.11-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

# Dependencies first, so code changes do not invalidate this layer.
COPY requirements.lock /tmp/
RUN pip install --require-hashes -r /tmp/requirements.lock

WORKDIR /app
COPY locales ./locales
RUN pybabel compile -d locales

# --- run: the virtual environment and the application files, as an unprivileged user ---
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    NEARME_ENV=production \
    PORT=8000 \
    WEB_CONCURRENCY=2

RUN useradd --system --uid 10001 --no-create-home nearme

WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app/locales ./locales
COPY service ./service
COPY templates ./templates
COPY content ./content
COPY static ./static
COPY sitemap_gen.py ./

USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ['PORT'], timeout=2)"]
# Set NEARME_BASE_URL to the public address; canonical links and sitemaps use it.
# PORT and WEB_CONCURRENCY are read as hosting platforms set them (8000 and 2 unless they do).
CMD ["python", "-m", "service.cli", "serve", "--host", "0.0.0.0"]
