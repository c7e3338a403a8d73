# Production image for web, worker and beat (see compose.yaml).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=enablement.settings.production
WORKDIR /app
# LibreOffice Impress turns PPTX decks into PDF for page previews (content/rendering.py).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libreoffice-impress \
 && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY enablement ./enablement
COPY content ./content
COPY search ./search
COPY demo ./demo
COPY templates ./templates
COPY manage.py ./
RUN pip install --no-cache-dir . gunicorn==27.0.1 \
 && SECRET_KEY=build-only-$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=build \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 CELERY_BROKER_URL=memory:// \
    python manage.py collectstatic --noinput
RUN useradd --create-home enablement && mkdir -p /app/var && chown enablement /app/var
USER enablement
EXPOSE 8000
CMD ["gunicorn", "enablement.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
