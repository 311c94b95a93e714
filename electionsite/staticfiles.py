"""Static files as production serves them: stylesheets minified when collectstatic copies them.

The stylesheets in static/css/ stay readable (comments, one rule a line); what readers are
sent is the same rules without comments and spaces, then hashed and compressed as before.
Development (`runserver`) serves the readable files.
"""

import re

from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage

# A comment, or a quoted string (kept as it is: spaces and "/*" inside it mean something).
_COMMENT_OR_STRING = re.compile(r"/\*.*?\*/|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'", re.S)
# Spaces around these characters never mean anything. Not around ":" (a space before it
# is a descendant combinator, ".a :focus") and not around "+", "-" or ">" (calc() needs
# the spaces around + and -).
_AROUND_PUNCTUATION = re.compile(r"\s*([{};,])\s*")


def minify_css(css: str) -> str:
    """The same rules in fewer bytes: comments, line breaks and optional spaces removed."""
    strings: list[str] = []

    def set_aside(match: re.Match) -> str:
        if match.group().startswith("/*"):
            return " "
        strings.append(match.group())
        return f"\0{len(strings) - 1}\0"

    text = _squeeze(_COMMENT_OR_STRING.sub(set_aside, css))
    return re.sub(r"\0(\d+)\0", lambda m: strings[int(m.group(1))], text).strip() + "\n"


def _squeeze(text: str) -> str:
    text = _AROUND_PUNCTUATION.sub(r"\1", re.sub(r"\s+", " ", text))
    # "color: red" -> "color:red"; a space *after* a colon is never needed.
    return re.sub(r":\s+", ":", text).replace(";}", "}")


class MinifiedManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's hashed, compressed files, with the site's stylesheets (static/css/)
    minified as they are copied: their hash and .gz/.br are those of the minified text."""

    def _save(self, name, content):
        if name.startswith("css/") and name.endswith(".css"):  # the site's own, not the admin's
            content.seek(0)  # hashing the file has read it already
            content = ContentFile(minify_css(content.read().decode()).encode())
        return super()._save(name, content)
