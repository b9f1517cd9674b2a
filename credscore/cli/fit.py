"""``credscore fit``: fit the credibility model on labelled folders and write it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

if TYPE_CHECKING:
    pass
from .app import _config, _fail


def fit(
    good: list[Path] = typer.Option([], "--good", help="A folder of credible articles (repeat)."),
    bad: list[Path] = typer.Option([], "--bad", help="A folder of unreliable articles (repeat)."),
    jsonl: Optional[Path] = typer.Option(None, "--jsonl",  # noqa: UP045
                                         help="JSON Lines of labelled articles instead of "
                                              "folders."),
    label_field: str = typer.Option("label", "--label-field", help="JSONL: the label's field."),
    good_label: list[str] = typer.Option([], "--good-label",
                                         help="JSONL: a label value meaning credible (repeat)."),
    bad_label: list[str] = typer.Option([], "--bad-label",
                                        help="JSONL: a label value meaning unreliable (repeat; "
                                             "default: every other value)."),
    text_field: str = typer.Option("text", "--text-field", help="JSONL: the article's field."),
    title_field: str = typer.Option("title", "--title-field",
                                    help="JSONL: the headline's field (optional)."),
    group_field: Optional[str] = typer.Option(None, "--group-field",  # noqa: UP045
                                              help="JSONL: a field naming each article's "
                                                   "source, for grouped cross-validation."),
    out: Path = typer.Option(..., "--out", "-o", help="The model file to write (JSON)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing model file."),
    c: float = typer.Option(0.1, "--C", min=1e-6,
                            help="Inverse regularisation strength of the regression."),
    prior: float = typer.Option(0.85, "--prior", min=0.01, max=0.99,
                                help="Share of credible articles in the reference mix."),
    config_file: Optional[Path] = typer.Option(None, "--config",  # noqa: UP045
                                               help="Configuration file (rules to run)."),
) -> None:
    """Refit the credibility model on your own labelled articles and write a model file.

    Prints the cross-validated AUROC, the calibration, and what each feature is worth in
    points; `credscore check --model FILE` (or `model = "FILE"` in the configuration) uses it.
    """
    from ..errors import CredscoreError
    from ..score.credibility import training
    from ..score.credibility.fit import data_hash, fit_model, fit_summary, write_model

    if jsonl is None and not (good and bad):
        _fail("give --good DIR and --bad DIR (each at least once), or --jsonl FILE")
    if jsonl is not None and (good or bad):
        _fail("give folders (--good/--bad) or --jsonl, not both")
    if jsonl is not None and not good_label:
        _fail("--jsonl needs --good-label VALUE: which label means credible")
    inputs = [jsonl] if jsonl is not None else [*good, *bad]
    for source in inputs:
        if source is not None and out.resolve() == source.resolve():
            _fail(f"{out}: is an input; write the model elsewhere")
    if out.exists() and not force:
        _fail(f"{out}: exists (pass --force to replace it)")
    try:
        config = _config(config_file, str(inputs[0]), select=[], ignore=[], include=[],
                         exclude=[], max_bytes=None, boilerplate_min_files=None)
        if jsonl is not None:
            items, problems = training.from_jsonl(
                jsonl, label_field=label_field, good=good_label, bad=bad_label,
                text_field=text_field, title_field=title_field or None, group_field=group_field)
        else:
            items, problems = training.from_folders(good, bad, config.include)
        for problem in problems:
            typer.echo(f"credscore: {problem} (left out)", err=True)
        from ..api import Checker

        pairs = list(training.vectors(Checker(config), items))
        skipped = len(items) - len(pairs)
        labels = [item.label for item, _ in pairs]
        if labels.count(1) < 2 or labels.count(0) < 2:
            _fail(f"need at least 2 credible and 2 unreliable articles that can be assessed "
                  f"(English, 12+ words); got {labels.count(1)} and {labels.count(0)}")
        groups = [item.group for item, _ in pairs]
        counts: dict[str, dict[str, int]] = {}
        for item, _ in pairs:
            cell = counts.setdefault(item.group, {"credible": 0, "unreliable": 0})
            cell["credible" if item.label else "unreliable"] += 1
        info = {"name": f"fitted by credscore fit on {', '.join(str(i) for i in inputs)}",
                "reference_mix": f"equal weight for every source ({len(counts)}) and label; "
                                 f"credible articles {prior:.0%} of the mix",
                "trained_on": {"data": counts,
                               "data_hash": data_hash([(i.text, i.label, i.group)
                                                       for i, _ in pairs]),
                               "fitted_by": "credscore fit"}}
        result = fit_model([v for _, v in pairs], labels, groups, C=c, prior=prior, info=info)
        write_model(result.model, str(out), overwrite=force)
    except (CredscoreError, ValueError, OSError) as err:
        _fail(str(err))
    if skipped:
        typer.echo(f"credscore: {skipped} articles not assessable (not English or under 12 "
                   "words), left out", err=True)
    for group, cell in counts.items():
        typer.echo(f"{group}: {cell['credible']} credible, {cell['unreliable']} unreliable")
    typer.echo(f"data hash {info['trained_on']['data_hash']}")
    typer.echo("\n".join(fit_summary(result)))
    typer.echo(f"wrote {out}: use it with `credscore check --model {out}` or "
               f"model = \"{out}\" in .credscore.toml")


