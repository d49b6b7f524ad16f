"""Which way a bare weekday or month points: back in a report of what happened, ahead in one of what will.

"said on Friday" is the last Friday; "will visit Leeds on Friday" and "meets on Friday" are
the coming one. dateparser always reads a weekday alone as the last one, which is right for
most news sentences and wrong for announcements. A month named alone is read as the nearest
sensible one (dates.py: the coming one only within three months), which is wrong for "the
stadium is due to be completed in January" written in March. The sentence's verbs decide:
the tense cue nearest before the date (or, if none comes before, the nearest after it) in the
same sentence. A present tense written just before a weekday ("meets on Friday") counts only
when the sentence has no other cue. A date is only ever moved ahead, from the past to the
coming one: "said" before a plan is too common to move anything back on it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.enrich.common_dates import MONTH_NUMBERS, MONTH_WORDS
from pipeline.models import DateMention, Granularity


@dataclass(frozen=True, slots=True)
class _Cues:
    weekday: re.Pattern[str]
    month: re.Pattern[str] | None
    # The nearest cue before a date is the last match of `last_cue` (its group "ahead" set when
    # the cue points ahead), found by one match that backtracks from the date: scanning the
    # whole sentence for every cue cost more than the rest of the date step. The nearest after
    # it is the first match of `first_cue` (its group "back" set when it points back).
    last_cue: re.Pattern[str]
    first_cue: re.Pattern[str]
    scheduled: re.Pattern[str] | None
    day_month: re.Pattern[str] | None


_MONTH_NAMES = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_WEEKDAY_WORDS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_AHEAD_EN = (
    r"will|shall|won't|would|'ll|going to|next|upcoming|coming|(?:is|are|was|were) (?:due|set|expected|scheduled|planned|to)"
    r"|plans? to|planned for|intends? to|scheduled for|due to"
    # What someone expects, hopes, aims or promises to do is still to come ("Analysts expect a
    # test before the end of July", "vowed to finish by June"), said now or in the past.
    r"|expects?|expecting|(?:hopes?|hoping|hoped|aims?|aiming|aimed|wants?|seeks?|sought|likely"
    r"|promise[sd]?|pledge[sd]?|vows?|vowed|vowing|pledging|promising) to"
    # A plan being made or fixed is for a day still to come ("were planning to march on Monday",
    # "has scheduled a news conference Thursday", "talks set to resume Monday"), and so is
    # what is put off or may come soon ("postponed until Tuesday", "as early as Tuesday"). A
    # bare "planned" is not: "the service planned for Saturday was cancelled".
    r"|planning|scheduled|set to|(?:postponed|delayed|put off|adjourned) until|as (?:soon|early) as"
)
# A participle after "be" ("to be completed", "will be paid") is no past tense.
# The common irregular past tenses news reports what happened with ("shares fell 50 cents on
# Friday", "brought in a new chief in January"); a lower-case "-ed" word is a regular one
# ("United" is no past tense).
_IRREGULAR_PAST_EN = (
    r"fell|rose|met|made|took|gave|came|went|saw|lost|won|sold|bought|paid|held|led|left|began|grew|struck"
    r"|fought|brought|sent|spent|built|kept|wrote|spoke|broke|chose|drove|flew|ran|fled|caught|found|got|became"
    r"|shot|swore|withdrew|overtook|slid|sank|stood|sat|threw|stole|tore|wore|woke|froze|rang|sang|swam|knew"
)
_BACK_EN = (
    r"said|told|announced|was|were|had|did|has been|have been"
    rf"|(?<!\bbe )(?<!\bbeen )(?:{_IRREGULAR_PAST_EN}|(?!(?:scheduled|expected|set)\b)(?-i:[a-z]{{3,}}ed))"
)
_AHEAD_FR = (
    r"doit|doivent|devra|devront|va|vont|sera|seront|aura|auront|prochaine?s?|prévue?s?|[a-zéè]{2,}(?:era|ira|dra|tra|ront)"
    # The conditional of a verb reports a plan ("il consulterait les groupes mercredi", "devrait
    # annoncer"): the regular "-erait" and the irregular verbs news uses. Not "aurait" and
    # "serait", which before a participle report what reportedly happened, nor any "-irait",
    # "-drait" or "-trait", endings of imperfects ("retirait", "encadrait") and nouns ("portrait").
    r"|[a-zéè]{2,}erai(?:t|ent)|(?:devr|pourr|voudr|faudr|vaudr|prendr|viendr|tiendr|verr|enverr|mettr|permettr|ir)ai(?:t|ent)"
)
_BACK_FR = r"a|ont|avait|avaient|était|étaient|fut|furent|dernière?s?"

_CUES = {
    "en": _Cues(
        weekday=re.compile(r"(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)", re.IGNORECASE),
        month=re.compile(
            r"(?:(?:in|by|until|from|early|late|mid|the\s+(?:end|start|beginning|middle)\s+of)[\s-]+)*"
            rf"(?:{'|'.join(MONTH_WORDS)})",
            re.IGNORECASE,
        ),
        last_cue=re.compile(rf"(?s:.*)\b(?:(?P<ahead>{_AHEAD_EN})|(?:{_BACK_EN}))\b", re.IGNORECASE),
        first_cue=re.compile(rf"\b(?:(?P<back>{_BACK_EN})|(?:{_AHEAD_EN}))\b", re.IGNORECASE),
        # "meets on Friday"; "runs until March", with a verb of what is on now (not "Road
        # closures until March hit traders").
        scheduled=re.compile(
            r"\b(?:[a-z]{3,}s\s+(?:on\s+)?|(?:runs|lasts|continues|remains|stays|applies|extends|goes on)\s+(?:until|till|through)\s+)$"
        ),
        day_month=re.compile(
            rf"(?:(?:on|by|until|from)\s+)?(?:(?:{_WEEKDAY_WORDS}),?\s+)?"
            rf"(?:(?:{_MONTH_NAMES})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_NAMES})\.?)",
            re.IGNORECASE,
        ),
    ),
    "fr": _Cues(
        weekday=re.compile(r"(?:(?:le|ce)\s+)?(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)", re.IGNORECASE),
        month=None,  # French months named alone are not read as dates (date_words.py)
        last_cue=re.compile(rf"(?s:.*)(?<!\w)(?:(?P<ahead>{_AHEAD_FR})|(?:{_BACK_FR}))(?!\w)", re.IGNORECASE),
        first_cue=re.compile(rf"(?<!\w)(?:(?P<back>{_BACK_FR})|(?:{_AHEAD_FR}))(?!\w)", re.IGNORECASE),
        scheduled=None,
        day_month=None,  # French days of a month are read in their year by date_words.py
    ),
}
# A sentence ends at a stop followed by a space or the end, not inside "1.3" or after a single
# capital ("U.S.", "George W. Bush").
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])[.!?;](?=\s|$)|\n")
_LAST_SENTENCE_END = re.compile(rf"(?s:.*)(?:{_SENTENCE_END.pattern})")


def points_ahead(body: str, start: int, end: int, language: str) -> bool:
    """Whether the sentence around `body[start:end]` speaks of what is still to come there."""
    cues = _CUES.get(language)
    if cues is None:
        return False
    reach = max(0, start - 400)
    last_end = _LAST_SENTENCE_END.match(body, reach, start)
    opening = last_end.end() if last_end else reach
    closing = _SENTENCE_END.search(body, end)
    before = body[opening:start]
    nearest_before = cues.last_cue.match(before)
    if nearest_before is not None:
        return nearest_before["ahead"] is not None
    nearest_after = cues.first_cue.search(body, end, closing.start() if closing else len(body))
    if nearest_after is not None:
        return nearest_after["back"] is None
    return cues.scheduled is not None and cues.scheduled.search(before) is not None


def dates_by_tense(mentions: list[DateMention], body: str, base: dt.datetime | None, language: str) -> list[DateMention]:
    """Bare weekdays, months and days of a month read as past ones moved to the coming one
    where their sentence points ahead (a day of this month stays in it)."""
    cues = _CUES.get(language)
    if cues is None or base is None:
        return mentions
    today = base.date()
    this_month = f"{today.year:04d}-{today.month:02d}"
    moved: list[DateMention] = []
    for mention in mentions:
        text = mention.text.strip()
        if not mention.relative or mention.granularity is Granularity.YEAR:
            pass
        elif mention.granularity is Granularity.DAY and cues.weekday.fullmatch(text):
            day = dt.date.fromisoformat(mention.value)
            if day < today and points_ahead(body, mention.start, mention.end, language):
                mention = mention.model_copy(update={"value": (day + dt.timedelta(days=7)).isoformat()})
        elif (
            mention.value[:7] < this_month
            and mention.value[5:10] != "02-29"
            and (
                (mention.granularity is Granularity.MONTH and cues.month is not None and cues.month.fullmatch(text))
                or (mention.granularity is Granularity.DAY and cues.day_month is not None and cues.day_month.fullmatch(text))
            )
            and points_ahead(body, mention.start, mention.end, language)
        ):
            mention = mention.model_copy(update={"value": f"{int(mention.value[:4]) + 1:04d}{mention.value[4:]}"})
        moved.append(mention)
    return moved
