"""Khmer month names that Django's own Khmer catalogue misspells (មិនា for March, កុម្ភះ
for the short February), marked here so that the project's catalogue, which Django reads
first, carries the spelling CLDR and Cambodian publications use (មីនា, កុម្ភៈ). Lazy: nothing
is translated at import."""

from django.utils.translation import gettext_lazy, pgettext_lazy

CORRECTED = (
    gettext_lazy("March"),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("alt. month", "March"),
    gettext_lazy("feb"),
)
