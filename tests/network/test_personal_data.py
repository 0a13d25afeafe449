"""What the network adds to download-my-data and erasure."""

import pytest

from coproduce.network.choices import ChampionStatus
from coproduce.people import personal_data
from coproduce.people.services import erase_person

from . import factories as f

pytestmark = pytest.mark.django_db


def test_the_download_holds_the_champion_record_and_activity():
    champion = f.champion()
    f.activity(champion, reached=33)
    parts = personal_data.downloaded_parts(champion.person)
    assert parts["champion"][0]["area"] == champion.area.name
    assert parts["champion"][0]["pledge_version"] == 1
    assert parts["champion_activity"][0]["reached"] == 33


def test_erasure_steps_the_champion_down_and_blanks_what_they_wrote():
    champion = f.champion()
    f.activity(champion)
    erase_person(champion.person, actor=f.officer())
    champion.refresh_from_db()
    assert champion.status == ChampionStatus.STEPPED_DOWN
    activity = champion.activities.get()
    assert (activity.with_whom, activity.description, activity.reached) == ("", "", 12)
