# syntax=docker/dockerfile:1
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, so code changes do not invalidate this layer.
COPY requirements.lock ./
RUN python -m pip install --require-hashes -r requirements.lock

COPY pyproject.toml README.md babel.cfg ./
COPY service ./service
COPY templates ./templates
COPY locales ./locales
COPY content ./content
COPY static ./static
COPY sitemap_gen.py ./
RUN python -m pip install --no-deps -e . \
    && pybabel compile -d locales \
    && useradd --system --uid 10001 --no-create-home nearme

USER 10001
ENV NEARME_ENV=production
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["nearme", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
