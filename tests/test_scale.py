"""With a large synthetic data set loaded, every page keeps its query count and paginates."""

import pytest
from django.core.management import call_command

from tests.test_observers import PAGES as OBSERVER_PAGES
from tests.test_pages import PAGES as RESULTS_PAGES
from tests.test_pages import text

pytestmark = pytest.mark.django_db

SCALE_PAGES = {
    **RESULTS_PAGES,
    **OBSERVER_PAGES,
    "/elections/synthetic-49/": RESULTS_PAGES["/elections/2024-senate/"],
    "/elections/synthetic-49/synthetic-3/": RESULTS_PAGES["/elections/2024-senate/region-4/"],
    "/parties/synthetic-party-7/": RESULTS_PAGES["/parties/cambodian-peoples-party/"],
    "/elections/synthetic-49/timeline/": RESULTS_PAGES["/elections/2024-senate/timeline/"],
    "/elections/synthetic-49/parties/": RESULTS_PAGES["/elections/2023-national-assembly/parties/"],
    "/elections/synthetic-49/figures/": RESULTS_PAGES["/elections/2024-senate/figures/"],
    "/observers/statements/synthetic-statement-1999/": OBSERVER_PAGES[
        "/observers/statements/sco-observer-mission/"
    ],
    "/observers/organisations/synthetic-organisation-5/": OBSERVER_PAGES[
        "/observers/organisations/anfrel/"
    ],
}


def test_pages_keep_their_query_counts_and_paginate_at_scale(client, django_assert_max_num_queries):
    call_command("generate_synthetic_data", verbosity=0)

    for url, budget in SCALE_PAGES.items():
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200, url

    elections = text(client.get("/elections/"))
    assert "Page 1 of 3" in elections
    # Twenty elections a page: the three real ones (newest) and seventeen synthetic ones.
    assert elections.count("Synthetic election") == 17
    assert "Page 1 of 18" in text(client.get("/consistency/"))
    # Province pages show the five latest elections, the province list the latest two.
    kampong_cham = client.get("/provinces/kampong-cham/").content.decode()
    assert kampong_cham.count('<section aria-labelledby="c-') == 5
    assert "2023 National Assembly election" in kampong_cham  # the real ones are the latest
    assert "Earlier elections are not shown here" in kampong_cham
    assert "Earlier elections are not shown here" in text(client.get("/parties/synthetic-party-7/"))
    assert "Synthetic" not in text(client.get("/provinces/"))
    statements = client.get("/observers/").content.decode()
    assert "Synthetic statement" in statements
    assert statements.count("<tr ") + statements.count("<tr>") <= 51
    reactions = text(client.get("/observers/reactions/?page=2"))
    assert "Page 2 of" in reactions
    # The home page still shows the latest National Assembly and Senate elections only.
    home = text(client.get("/"))
    assert home.count("Synthetic election") == 0
    assert "2023 National Assembly election" in home
