"""`credscore mcp` end to end: the official SDK's client starts the server over stdio, lists
the tools and calls each; paths are confined to the roots; audit_folder reports progress."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mcp", reason="the mcp SDK is not installed (pip install 'credscore[mcp]')")
import anyio
import mcp_types as types
from mcp import Client, StdioServerParameters

from .conftest import SLOTS_SEED

CLEAN = ("The central bank raised its main interest rate to 5.25% on Thursday, the ninth rise "
         "in a row. Governor Andrew Bailey said inflation remained too high.\n")


def stdio(*roots: Path, max_files: int = 500) -> StdioServerParameters:
    args = ["-m", "credscore", "mcp", "--max-files", str(max_files)]
    for root in roots:
        args += ["--root", str(root)]
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "CREDSCORE_CACHE_DIR")}
    return StdioServerParameters(command=sys.executable, args=args, env=env)


def call(client_args: dict[str, Any], steps: Any) -> Any:
    async def main() -> Any:
        async with Client(**client_args) as client:
            return await steps(client)
    return anyio.run(main)


def data(result: types.CallToolResult) -> Any:
    assert not result.is_error, result.content
    return result.structured_content or json.loads(result.content[0].text)


@pytest.fixture()
def library(tmp_path: Path) -> Path:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "slots.txt").write_text(SLOTS_SEED.read_text(encoding="utf-8"),
                                                encoding="utf-8")
    (tmp_path / "lib" / "clean.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "lib" / "notes.py").write_text("print('not an article')\n", encoding="utf-8")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "secret.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "lib" / "escape.txt").symlink_to(tmp_path / "private" / "secret.txt")
    return tmp_path


def test_tools_are_listed_and_check_text_scores(library: Path) -> None:
    async def steps(client: Client) -> Any:
        listed = await client.list_tools()
        by_text = await client.call_tool("check_text", {"text": "Experts say the merger will "
                                                                "close in March, once the board "
                                                                "and the regulator agree.\n"})
        by_path = await client.call_tool("check_text", {"path": "slots.txt"})
        html = await client.call_tool("check_text", {"text": "<p>Experts say so.</p>",
                                                     "format": "html"})
        both = await client.call_tool("check_text", {"text": "x", "path": "slots.txt"})
        return listed, by_text, by_path, html, both

    listed, by_text, by_path, html, both = call({"server": stdio(library / "lib")}, steps)
    tools = {t.name: t for t in listed.tools}
    assert set(tools) == {"check_text", "explain_rule", "list_rules", "audit_folder"}
    assert all(t.description for t in tools.values())
    assert "client_roots" not in json.dumps(tools["check_text"].input_schema)
    text = data(by_text)
    (vague,) = text["findings"]
    assert vague["rule_id"] == "AT101" and (vague["start"], vague["end"]) == (0, 11)
    assert vague["evidence"] == "Experts say" and vague["fixes"]
    assert text["reasons"][0]["kind"] == "base" and "grade" in text["summary"]
    assert any(r.get("rule_ids") == ["AT101"] for r in text["reasons"])
    report = data(by_path)
    source = SLOTS_SEED.read_text(encoding="utf-8")
    assert report["path"] == "slots.txt" and report["score"] < 50 and report["grade"] == "F"
    for f in report["findings"]:
        assert source[f["start"]:f["end"]] == f["evidence"]
    assert data(html)["findings"][0]["rule_id"] == "AT101"
    assert both.is_error and "exactly one" in both.content[0].text


def test_paths_stay_inside_the_roots(library: Path) -> None:
    async def steps(client: Client) -> Any:
        return [await client.call_tool("check_text", {"path": p}) for p in (
            str(library / "private" / "secret.txt"), "../private/secret.txt", "escape.txt",
            "missing.txt")]

    outside, dotdot, symlink, missing = call({"server": stdio(library / "lib")}, steps)
    for result in (outside, dotdot, symlink):
        assert result.is_error and "outside the allowed roots" in result.content[0].text
    assert missing.is_error and "no such file" in missing.content[0].text


def test_the_clients_roots_win_over_the_servers(library: Path) -> None:
    async def roots(_context: Any) -> types.ListRootsResult:
        return types.ListRootsResult(roots=[types.Root(uri=(library / "private").as_uri())])

    async def steps(client: Client) -> Any:
        inside = await client.call_tool("check_text",
                                        {"path": str(library / "private" / "secret.txt")})
        server_root = await client.call_tool("check_text",
                                             {"path": str(library / "lib" / "slots.txt")})
        return inside, server_root

    inside, server_root = call({"server": stdio(library / "lib"), "list_roots_callback": roots},
                               steps)
    assert isinstance(data(inside)["score"], int)  # read and scored: inside the roots
    assert server_root.is_error and "outside the allowed roots" in server_root.content[0].text


def test_audit_folder_is_bounded_and_reports_progress(library: Path) -> None:
    progress: list[tuple[float, float | None, str | None]] = []

    async def on_progress(done: float, total: float | None, message: str | None) -> None:
        progress.append((done, total, message))

    async def steps(client: Client) -> Any:
        full = await client.call_tool("audit_folder", {"folder": "."},
                                      progress_callback=on_progress)
        capped = await client.call_tool("audit_folder", {"folder": ".", "max_files": 1})
        return full, capped

    full, capped = call({"server": stdio(library / "lib", max_files=5)}, steps)
    result = data(full)
    assert result["scored"] == 2 and result["truncated"] is False
    assert [row["path"] for row in result["lowest"]] == ["slots.txt", "clean.md"]
    assert result["rules"]["SP101"] == 1 and result["grades"]["F"] == 1
    assert result["failed"] == 1 and "outside the allowed roots" in \
        result["failures"][0]["error"]  # the symlink to private/
    assert [p[:2] for p in progress] == [(0, 2), (1, 2), (2, 2)]
    assert progress[0][2] and progress[0][2].startswith("scoring ")
    small = data(capped)
    assert small["scored"] == 1 and small["truncated"] is True and small["max_files"] == 1


def test_explain_and_list_rules(library: Path) -> None:
    async def steps(client: Client) -> Any:
        return (await client.call_tool("explain_rule", {"rule": "SP101"}),
                await client.call_tool("explain_rule", {"rule": "promo"}),
                await client.call_tool("explain_rule", {"rule": "XX999"}),
                await client.call_tool("list_rules", {}),
                await client.call_tool("list_rules", {"family": "spam"}))

    one, family, unknown, every, spam = call({"server": stdio(library)}, steps)
    rule = data(one)
    assert rule["id"] == "SP101" and rule["why"] and rule["examples"]["bad"] and rule["fix"]
    assert {r["family"] for r in data(family)["rules"]} == {"promo"}
    assert unknown.is_error
    ids = [r["id"] for r in data(every)["rules"]]
    assert "AT101" in ids and "SP101" in ids and len(ids) >= 20
    assert {r["id"] for r in data(spam)["rules"]} == {"SP101", "SP102", "SP103", "SP104"}
