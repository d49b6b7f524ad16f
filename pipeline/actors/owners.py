"""A body's head word the model cut from its own 'of' name.

"Bishop Ames of the Archdiocese of Ridgeford" ... "a spokesman for the Archdiocese of Lowmoor":
when the model reads the second as "Archdiocese" and drops "Lowmoor" (a place after 'X of' ends
a longer name), the head word alone would join the document's other archdiocese as its short
form, and file two bodies under one value. The words after 'of' are written right there, so
the name is rebuilt from the text: "Archdiocese of Lowmoor" is a body of its own. Only a head
word that another 'X of Y' body of the same document starts with is rebuilt, since that is the
only case in which the short-form rule could join it wrongly; elsewhere the mention is left as
the model read it.
"""

from __future__ import annotations

import re

from pipeline.actors.keys import alias_key
from pipeline.actors.mentions import Mention

# The owner after 'of': capitalised words, 'the' maybe before them ("of New York", "of the Holy
# See"); a lowercase word, a comma or a full stop ends it.
_OWNER_AFTER = re.compile(r" of (?:the )?[A-Z][\w'’.&-]*(?: [A-Z][\w'’&-]*){0,2}")


def with_cut_owners_rejoined(mentions: list[Mention], text: str) -> list[Mention]:
    """The mentions, with a one-word organisation's head (read as an organisation or a people)
    that the text follows with 'of' and an owner's name read whole ("Archdiocese" + " of
    Lowmoor"), when another organisation of the document is named 'Archdiocese of ...';
    mentions inside the rebuilt name are dropped."""
    heads = {
        words[0]
        for mention in mentions
        if mention.label == "ORG" and " of " in mention.key and len(words := mention.key.split()) > 2 and words[1] == "of"
    }
    if not heads:
        return mentions
    rebuilt: list[Mention] = []
    covered: list[tuple[int, int]] = []
    for mention in mentions:
        # The model reads a lone head word as an organisation or as a people ("Archdiocese").
        if mention.label not in ("ORG", "NORP") or mention.key not in heads:
            rebuilt.append(mention)
            continue
        owner = _OWNER_AFTER.match(text, mention.end)
        if owner is None:
            rebuilt.append(mention)
            continue
        end = owner.end()
        if any(other.label == "PERSON" and mention.end < other.start < end for other in mentions):
            # "the Bank of Tovia Governor Ada Lenk": where the words run on into a person's
            # name, where the body's ends is not told; the mention is left as the model read it.
            rebuilt.append(mention)
            continue
        # "the Archdiocese of Lowmoor's spokesman", "... of Lowmoor.": a possessive or a full
        # stop after the last word is no part of the name.
        if text.endswith(("'s", "’s"), 0, end):
            end -= 2
        while text[end - 1] in ".'’":
            end -= 1
        possessive = text.startswith(("'s", "’s"), end)
        rebuilt.append(Mention(text[mention.start : end], "ORG", mention.start, end, mention.sentence, possessive))
        covered.append((mention.end, end))
    if not covered:
        return mentions
    return [mention for mention in rebuilt if not any(start <= mention.start < end for start, end in covered)]


# Right before an organisation's span: 'the', capitalised words and 'and' ("the British Fauna
# and [Flora Preservation Society]"). The words run from the article to the span.
_AND_GLUED_BEFORE = re.compile(r"(?<![\w'’.-])[Tt]he ((?:[A-Z][\w'’-]* ){1,3}and )$")
_BEFORE_WINDOW = 60


def with_and_names_rejoined(mentions: list[Mention], text: str, heads: frozenset[str]) -> list[Mention]:
    """"the British Fauna and Flora Preservation Society": the model cuts a body's name at its
    'and' ("Flora Preservation Society"). When an organisation's span ends with an
    organisation's head word and the text before it is 'the', capitalised words and 'and', the
    name runs from the article: one body, not a piece of it and a word. A list with the article
    after 'and' ("Labour and the Green Party"), none before its first name ("Britain and
    the Royal Society") or a name the model read before 'and' is two actors and stays."""
    rebuilt: list[Mention] = []
    covered: list[tuple[int, int]] = []
    for mention in mentions:
        if mention.label == "ORG" and " " in mention.key and mention.key.rsplit(" ", 1)[1] in heads and text.endswith("and ", 0, mention.start):
            glued = _AND_GLUED_BEFORE.search(text, max(0, mention.start - _BEFORE_WINDOW), mention.start)
            # A name the model read before 'and' makes it a list ("the Arsenal and Manchester
            # United players", "the Los Angeles Times and Los Angeles Daily News"); a people's
            # adjective leading the name ("British") does not.
            if glued is not None and not any(
                glued.start(1) <= other.start < mention.start and other.label != "NORP" for other in mentions
            ):
                start = glued.start(1)
                rebuilt.append(Mention(text[start : mention.end], "ORG", start, mention.end, mention.sentence, mention.possessive))
                covered.append((start, mention.start))
                continue
        rebuilt.append(mention)
    if not covered:
        return mentions
    # The words before 'and' are the name's: a mention the model made of them goes.
    return [mention for mention in rebuilt if not any(start <= mention.start and mention.end <= end for start, end in covered)]


# After a department's name, the rest of its list of fields: ", Media and Sport", " and Skills".
# Each field is one or two capitalised words; the list ends at 'and' and its last field.
_LIST_GOES_ON = (", ", " and ")
_FIELDS_AFTER = re.compile(r"((?:, [A-Z][a-z]+(?: [A-Z][a-z]+)?)*) and ([A-Z][a-z]+)( [A-Z][a-z]+)?(?![\w'’-])")


def with_remits_rejoined(mentions: list[Mention], text: str, fields: frozenset[str]) -> list[Mention]:
    """"the Department for Culture, Media and Sport": the model ends a department's name at its
    first field and reads the others as bodies ("Media", "Sport"). When an organisation's
    span ends 'of' or 'for' and a field, and the text goes on with a list of fields and 'and',
    the name runs to the last field: one body. A list with any word that is no field ("the
    Department of Health and Microsoft") is two actors and stays."""
    rebuilt: list[Mention] = []
    covered: list[tuple[int, int]] = []
    for mention in mentions:
        if (
            mention.label == "ORG"
            and text.startswith(_LIST_GOES_ON, mention.end)
            and not mention.possessive
            and len(words := mention.key.split()) > 2
            and words[-2] in ("of", "for")
            and words[-1] in fields
            and (after := _FIELDS_AFTER.match(text, mention.end)) is not None
        ):
            listed = [field for field in after.group(1).split(", ") if field]
            end = after.end()
            last = after.group(2)
            if after.group(3) and alias_key(last + after.group(3)) in fields:
                last += after.group(3)
            elif after.group(3):
                end = after.end(2)
            if all(alias_key(field) in fields for field in (*listed, last)):
                possessive = text.startswith(("'s", "’s", "' "), end)
                rebuilt.append(Mention(text[mention.start : end], "ORG", mention.start, end, mention.sentence, possessive))
                covered.append((mention.end, end))
                continue
        rebuilt.append(mention)
    if not covered:
        return mentions
    # The fields the model read as bodies of their own are the name's.
    return [mention for mention in rebuilt if not any(start <= mention.start < end for start, end in covered)]
