"""`python -m tests.bot.lead_platform.outreach.send_one`: a worker process that takes one
bulk_email job with a one-second lease and runs it (settings from the environment, as
`matchbot worker` reads them). test_sending_once.py kills it while the SMTP server holds
the message."""

from __future__ import annotations

from langchain_core.embeddings import FakeEmbeddings

from bot.core.db import open_pool
from bot.core.services import Services
from bot.core.settings import load_settings
from bot.core.worker import Worker
from bot.lead_platform.outreach import sending


def main() -> None:
    settings = load_settings()
    url = str(settings.database_url)
    pool = open_pool(url, max_size=2)
    services = Services(settings=settings, pool=pool, database_url=url, embedder=FakeEmbeddings(size=8))
    worker = Worker(pool, {sending.SEND_JOB: lambda job: sending.send(services, job)}, database_url=url, lease=1.0)
    if worker.run_one() is None:
        raise SystemExit("no bulk_email job was due")


if __name__ == "__main__":
    main()
