"""Outreach benchmark: `python -m bench outreach [--only drafts|tracking] [--latency-seconds 10] [--steps 700,900,1200,1500,1800,2400]`.

Sections (each writes its part of bench/results/outreach.json):
- drafts (bench/outreach_drafts.py): e-mails the outreach agent drafts per second offline,
  the agent alone (no database) and the `outreach_tick` job end to end on a real database.
- tracking (bench/outreach_tracking.py): open-pixel and click requests per second against
  a real server, p50/p99 latency at 500/s (targets: >= 500/s, p99 < 50 ms) and the highest
  sustained rate.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bench import outreach_drafts, outreach_tracking

RESULTS = Path(__file__).parent / "results" / "outreach.json"


def _save(section: str, figures: dict[str, Any]) -> None:
    """Replace one section of the results file, keeping the others' latest figures."""
    report = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    report[section] = figures
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench outreach", description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["drafts", "tracking"], help="run one section")
    parser.add_argument("--agent-drafts", type=int, default=2000, help="drafts by the agent alone")
    parser.add_argument("--job-drafts", type=int, default=500, help="prospects drafted by the tick job")
    parser.add_argument("--latency-seconds", type=float, default=10.0)
    parser.add_argument("--step-seconds", type=float, default=5.0)
    parser.add_argument("--steps", default="700,900,1200,1500,1800,2400")
    args = parser.parse_args(argv)
    if args.only in (None, "drafts"):
        drafts = outreach_drafts.measure(agent_drafts=args.agent_drafts, job_drafts=args.job_drafts)
        _save("drafts", drafts)
        print(json.dumps({"drafts": drafts}, indent=2), flush=True)
    if args.only in (None, "tracking"):
        tracking = outreach_tracking.measure(latency_seconds=args.latency_seconds, step_seconds=args.step_seconds,
                                             steps=[float(r) for r in args.steps.split(",")])
        _save("tracking", tracking)
        print(json.dumps({"tracking": tracking}, indent=2), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
