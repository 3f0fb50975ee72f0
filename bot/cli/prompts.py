"""`matchbot prompts …`: the prompt registry from the command line: list, show, edit (a new
version), activate, A/B tests (`ab start|status|stop|check`) and evolution (`evolve`)."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.core.connections import Conn

prompts_app = typer.Typer(help="Prompts as data: versions, A/B tests, evolution.", no_args_is_help=True)
ab_app = typer.Typer(help="A/B tests of prompt versions.", no_args_is_help=True)
prompts_app.add_typer(ab_app, name="ab")
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
BY = "cli"


@contextmanager
def _service() -> Iterator[Conn]:
    """A connection to the migrated database, in a service-role transaction."""
    from bot.core.bootstrap import prepare_database
    from bot.core.db import connect, service_transaction
    from bot.core.settings import load_settings

    with connect(prepare_database(load_settings())) as conn, service_transaction(conn):
        yield conn


def _refused(exc: Exception) -> typer.Exit:
    err.print(f"[red]{exc}[/red]", markup=True)
    return typer.Exit(1)


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _read(path: Path) -> str:
    return sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")


@prompts_app.command("list")
def list_() -> None:
    """Every prompt: its active version and its calls of the last 30 days."""
    from bot.prompts import abtests, registry

    with _service() as conn:
        versions = registry.active_versions(conn)
        running = {t.prompt_name: t for t in abtests.running_tests(conn)}
    for v in versions:
        f = v.figures
        test = running.get(v.name)
        shown = f" · A/B v{test.treatment_version} at {test.treatment_percentage:g} %" if test else ""
        cost = f" · ${f.cost_usd:.4f}" if f.cost_usd is not None else ""
        out.print(f"{v.name:<20} v{v.version:<3} {f.calls:>6} calls · success {_rate(f.success_rate)} · "
                  f"{f.errors} errors{cost}{shown}")


@prompts_app.command("show")
def show(name: Annotated[str, typer.Argument(help="The prompt's name (matchbot prompts list).")],
         version: Annotated[int | None, typer.Option("--version", help="A version (default: the active one).")]
         = None) -> None:
    """A prompt's text and parameters, and its history of versions."""
    from bot.prompts import registry

    with _service() as conn:
        history = registry.history(conn, name)
    if not history:
        raise _refused(ValueError(f"no prompt named {name!r}"))
    chosen = next((v for v in history if (v.version == version if version else v.is_active)), None)
    if chosen is None:
        raise _refused(ValueError(f"{name} has no version {version}"))
    out.print(f"{name} v{chosen.version}{' (active)' if chosen.is_active else ''} · parameters {chosen.parameters} · "
              f"placeholders {', '.join(chosen.placeholders) or 'none'}")
    out.print(chosen.text, markup=False)
    out.print("\nversions:")
    for v in history:
        out.print(f"  v{v.version}{' *' if v.is_active else '  '} {v.created_at:%Y-%m-%d %H:%M} "
                  f"{v.created_by or ''} · {v.figures.calls} calls, success {_rate(v.figures.success_rate)}"
                  f"{' · ' + v.change_note if v.change_note else ''}", markup=False)


@prompts_app.command("edit")
def edit(
    name: Annotated[str, typer.Argument(help="The prompt's name.")],
    file: Annotated[Path, typer.Option("--file", "-f", help="The new text ('-': standard input).")],
    parameters: Annotated[str | None, typer.Option(
        "--parameters", help='Model parameters as JSON, e.g. {"temperature": 0.2} (default: the active ones).')]
    = None,
    note: Annotated[str | None, typer.Option("--note", help="Why it changed.")] = None,
    activate: Annotated[bool, typer.Option("--activate", help="Make it the active version at once.")] = False,
) -> None:
    """Save a new version of a prompt (the previous ones are kept)."""
    from bot.prompts import registry

    try:
        with _service() as conn:
            version = registry.add_version(conn, name=name, text=_read(file), parameters=parameters, note=note,
                                           by=BY, activate=activate)
    except registry.PromptError as exc:
        raise _refused(exc) from None
    out.print(f"{name} v{version.version} saved{' and active' if version.is_active else ''} "
              "(running processes read it within 30 s)")


@prompts_app.command("activate")
def activate(name: Annotated[str, typer.Argument(help="The prompt's name.")],
             version: Annotated[int, typer.Argument(help="The version to make active.")]) -> None:
    """Make a version the one every call reads."""
    from bot.prompts import registry

    try:
        with _service() as conn:
            registry.activate_version(conn, name=name, version=version)
    except registry.PromptError as exc:
        raise _refused(exc) from None
    out.print(f"{name} v{version} is active (running processes read it within 30 s)")


@ab_app.command("start")
def ab_start(
    name: Annotated[str, typer.Argument(help="The prompt's name.")],
    version: Annotated[int, typer.Option("--version", help="The version to test (the treatment).")],
    split: Annotated[float, typer.Option("--split", help="Share of subjects reading the treatment, %.")] = 50.0,
    min_sample: Annotated[int, typer.Option("--min-sample", help="Calls per arm before a decision.")] = 100,
    alpha: Annotated[float, typer.Option("--alpha", help="Significance level of the z-test.")] = 0.05,
    days: Annotated[int, typer.Option("--days", help="Longest duration; no winner after it.")] = 7,
) -> None:
    """Test a version against the active one."""
    from bot.prompts import abtests
    from bot.prompts.registry import PromptError

    try:
        with _service() as conn:
            test = abtests.start_test(conn, name=name, version=version, by=BY, treatment_percentage=split,
                                      min_sample_size=min_sample, significance_level=alpha, max_duration_days=days)
    except PromptError as exc:
        raise _refused(exc) from None
    out.print(f"test {test.id} started: {name} v{test.treatment_version} ({split:g} %) against "
              f"v{test.control_version}; decided by the hourly check after {min_sample} calls per arm, "
              f"p < {alpha:g}, or after {days} days")


@ab_app.command("status")
def ab_status(name: Annotated[str | None, typer.Argument(help="Only this prompt's tests.")] = None) -> None:
    """Tests, running first, with their figures (live for a running test)."""
    from bot.prompts import abtests
    from bot.prompts.stats import two_proportion_z_test

    with _service() as conn:
        tests = abtests.list_tests(conn, name=name)
        live = {t.id: abtests.arm_figures(conn, t.id) for t in tests if t.status == "running"}
    if not tests:
        out.print("no A/B test")
    for t in tests:
        out.print(f"{t.id} {t.prompt_name} v{t.treatment_version} ({t.treatment_percentage:g} %) vs "
                  f"v{t.control_version} · {t.status}")
        if t.id in live:
            control, treatment = live[t.id]["control"], live[t.id]["treatment"]
            p = (two_proportion_z_test(control_successes=control.successes, control_n=control.calls,
                                       treatment_successes=treatment.successes, treatment_n=treatment.calls).p_value
                 if control.calls and treatment.calls else None)
            out.print(f"  control {control.successes}/{control.calls} ({_rate(control.success_rate)}) · treatment "
                      f"{treatment.successes}/{treatment.calls} ({_rate(treatment.success_rate)}) · "
                      f"p {'—' if p is None else f'{p:.4f}'} · ends by {t.ends_at():%Y-%m-%d %H:%M}")
        elif t.conclusion:
            out.print(f"  {t.conclusion}", markup=False)


@ab_app.command("stop")
def ab_stop(test_id: Annotated[str, typer.Argument(help="The test's id (matchbot prompts ab status).")]) -> None:
    """End a running test without a winner (the active version stays)."""
    from bot.prompts import abtests
    from bot.prompts.registry import PromptError

    try:
        uuid.UUID(test_id)
    except ValueError:
        raise typer.BadParameter("not a test id", param_hint="TEST_ID") from None
    try:
        with _service() as conn:
            test = abtests.stop_test(conn, test_id, by=BY)
    except PromptError as exc:
        raise _refused(exc) from None
    out.print(f"test {test.id} stopped; {test.prompt_name} v{test.control_version} stays active")


@ab_app.command("check")
def ab_check() -> None:
    """Conclude now the tests the figures decide (what the hourly job does)."""
    from bot.core.services import utc_now
    from bot.prompts import abtests, registry

    with _service() as conn:
        decided = abtests.check_running(conn, now=utc_now())
        registry.refresh_scores(conn)
    for test, decision in decided:
        out.print(f"{test.prompt_name}: {decision.conclusion}", markup=False)
    if not decided:
        out.print("no test to conclude")


@prompts_app.command("evolve")
def evolve(
    name: Annotated[str, typer.Argument(help="The prompt's name.")],
    text_file: Annotated[Path | None, typer.Option(
        "--text-file", help="Your variant ('-': standard input); default: the configured LLM writes it.")] = None,
    split: Annotated[float, typer.Option("--split", help="Share of subjects reading the variant, %.")] = 50.0,
) -> None:
    """Propose a variant of the active version (the LLM's, guided by the worst calls, or yours) and
    start its A/B test."""
    from bot.core.bootstrap import prepare_database
    from bot.core.chat_model import make_chat_model
    from bot.core.db import open_pool
    from bot.core.services import Services
    from bot.core.settings import load_settings
    from bot.prompts.evolution import evolve as run_evolution
    from bot.prompts.registry import PromptError
    from knowledge.embeddings import make_embedder

    settings = load_settings()
    url = prepare_database(settings)
    services = Services(settings=settings, pool=open_pool(url, max_size=2), database_url=url,
                        embedder=make_embedder(settings), chat_model=make_chat_model(settings))
    try:
        evolved = run_evolution(services, name=name, by=BY, treatment_percentage=split,
                                manual_text=_read(text_file) if text_file else None)
    except PromptError as exc:
        raise _refused(exc) from None
    except Exception as exc:  # noqa: BLE001 -- the provider's failure, in one line
        raise _refused(RuntimeError(f"the LLM call failed ({type(exc).__name__}: {exc})")) from None
    finally:
        services.pool.close()
    out.print(f"{name} v{evolved.child.version} ({evolved.evolution_type.replace('_', ' ')}: {evolved.strategy}) "
              f"is the treatment of test {evolved.test.id} against v{evolved.parent.version}")
    out.print(evolved.child.text, markup=False)
