"""bench/actors.py still runs on a small sample and ends with its metric line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SHARED
from preloaded_scripts import PreloadedScripts

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.bench
@pytest.mark.skipif(not (SHARED / "corpora" / "bbc-news" / "bbc").is_dir(), reason="the BBC corpus is not beside this checkout")
def test_the_actor_benchmark_ends_with_its_metric_line(preloaded_scripts: PreloadedScripts) -> None:
    done = preloaded_scripts.bench("actors.py", "--every", "200", "--top", "20")
    assert done.returncode == 0, done.stderr[-3000:]
    last = done.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"actor_facet_purity: \d\.\d{3} \(target >= 0\.95\)", last), last


@pytest.mark.parametrize("name", sorted(path.name for path in (ROOT / "bench" / "data").glob("actor_judgements*.yaml")))
def test_every_judgement_has_a_known_verdict_and_a_reason(name: str) -> None:
    import yaml

    rows = yaml.safe_load((ROOT / "bench" / "data" / name).read_text("utf-8"))["judgements"]
    assert rows
    assert len({(row["value"], row["kind"]) for row in rows}) == len(rows), "a value is judged twice"
    for row in rows:
        assert row["verdict"] in ("ok", "split", "junk", "false-merge", "wrong-kind"), row
        assert row["kind"] in ("person", "org", "place", "group"), row
        assert row["reason"], row


def test_a_timeml_story_becomes_a_text_drop_with_its_creation_time_as_publication_date() -> None:
    from bench.actors import timeml_drop
    from pipeline.extract.text import extract_text_format

    timeml = """<?xml version="1.0" ?>
<TimeML>
<DOCID>WIRE_0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1997-03-04" functionInDocument="CREATION_TIME">March 4, 1997</TIMEX3></DCT>
<TITLE>Harbour board &amp; council agree</TITLE>
<TEXT>
KESTLEFORD (AP) _ The harbour board <EVENT eid="e1" class="OCCURRENCE">agreed</EVENT> <TIMEX3 tid="t1" type="DATE" value="1997-03-03">Monday</TIMEX3> to sell land to Pellow, Brack amp Co., ``a fair price,'' its chair said.
</TEXT>
<TLINK lid="l1" eventInstanceID="ei1" relatedToTime="t0" relType="BEFORE"/>
</TimeML>
"""
    drop = timeml_drop(timeml)
    assert "<" not in drop and "TLINK" not in drop
    [record] = extract_text_format("text/plain", drop.encode("utf-8"))
    assert record.title == "Harbour board & council agree"
    assert str(record.published_at)[:10] == "1997-03-04"
    assert record.body.startswith("KESTLEFORD (AP) _ The harbour board agreed Monday to sell land to Pellow, Brack & Co.")


def test_rated_editorial_sentences_become_one_text_drop_per_editorial_in_order(tmp_path: Path) -> None:
    from bench.actors import nyt_editorials, write_nyt_drops
    from pipeline.extract.text import extract_text_format

    rows = tmp_path / "ratings.txt"
    # Rows out of order, a second editorial, and the doubled quotes the ratings file writes.
    rows.write_text(
        "7_2\t-0.5\tThe Harbour Board of Kestleford says ''no.''\r\n"
        "7_1\t0.1\tThe ferry plan came back this week.\r\n"
        "12_1\t1.2\tA second editorial.\r\n",
        encoding="utf-8",
    )
    assert nyt_editorials(rows) == ['The ferry plan came back this week. The Harbour Board of Kestleford says "no."', "A second editorial."]
    assert nyt_editorials(rows, count=1) == ['The ferry plan came back this week. The Harbour Board of Kestleford says "no."']
    assert write_nyt_drops(rows, tmp_path / "inbox") == 2
    [record] = extract_text_format("text/plain", (tmp_path / "inbox" / "nyt-000.txt").read_bytes())
    assert record.title is None
    assert record.body.startswith("The ferry plan came back this week.")


def test_the_later_editorials_are_the_ones_after_the_first_set_named_by_their_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bench.actors
    from bench.actors import nyt_editorials, write_nyt_drops

    rows = tmp_path / "ratings.txt"
    rows.write_text("".join(f"{n}_1\t0.0\tEditorial {n}.\n" for n in (3, 1, 2, 5)), encoding="utf-8")
    assert nyt_editorials(rows, None, 2) == ["Editorial 3.", "Editorial 5."]
    assert nyt_editorials(rows, 1, 2) == ["Editorial 3."]
    monkeypatch.setattr(bench.actors, "NYT_EDITORIALS", 2)
    assert write_nyt_drops(rows, tmp_path / "later", later=True) == 2
    assert sorted(path.name for path in (tmp_path / "later").iterdir()) == ["nyt-002.txt", "nyt-003.txt"]
    assert "Editorial 5." in (tmp_path / "later" / "nyt-003.txt").read_text("utf-8")


def test_values_tied_at_the_cut_are_taken_in_name_order_whatever_order_the_store_gives() -> None:
    from bench.actors import ranked

    rows = [("Dell", "org", 6), ("London", "place", 40), ("Coldplay", "org", 6), ("BBC Radio 1", "org", 6), ("XP", "org", 7)]
    assert ranked(rows, 3) == ranked(list(reversed(rows)), 3) == [("London", "place", 40), ("XP", "org", 7), ("BBC Radio 1", "org", 6)]


def test_ranks_name_the_values_scored_past_the_top_and_their_judgements_file() -> None:
    import argparse

    from bench.actors import deep_judgements, parse_ranks

    assert parse_ranks("151-250") == (151, 250)
    assert parse_ranks("1-1") == (1, 1)
    for wrong in ("250-151", "0-10", "151", "a-b"):
        with pytest.raises(argparse.ArgumentTypeError):
            parse_ranks(wrong)
    assert deep_judgements(Path("bench/data/actor_judgements_nyt2.yaml")) == Path("bench/data/actor_judgements_nyt2_deep.yaml")


def test_every_deep_judgement_file_loads_with_known_verdicts() -> None:
    from bench.actors import HELDOUT_JUDGEMENTS, NYT2_JUDGEMENTS, deep_judgements, load_judgements

    for base in (HELDOUT_JUDGEMENTS, NYT2_JUDGEMENTS):
        judged = load_judgements([deep_judgements(base)])
        assert len(judged) >= 59
        assert all(row["reason"] for row in judged.values())
