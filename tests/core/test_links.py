"""Addresses without arguments are worked out once; the {% url %} tag gives the same markup as Django's."""

from django.template import Context, Engine, Template
from django.test import override_settings
from django.urls import reverse

from coproduce.core import links


def test_a_link_is_the_address_reverse_gives_and_is_kept():
    links._found.clear()
    assert links.link("core:privacy") == reverse("core:privacy")
    assert any(key[0] == "core:privacy" for key in links._found)


def test_the_url_tag_writes_what_djangos_writes_with_and_without_arguments():
    ours = Template(
        "{% url 'core:privacy' %}|{% url 'handbook:page' 'a-b' %}|{% url 'core:contact' as c %}{{ c }}"
    )
    djangos = Engine(libraries={}, builtins=[]).from_string(
        "{% url 'core:privacy' %}|{% url 'handbook:page' 'a-b' %}|{% url 'core:contact' as c %}{{ c }}"
    )
    assert ours.render(Context()) == djangos.render(Context())
    assert [
        type(node).__name__
        for node in ours.nodelist
        if "URL" in type(node).__name__ or "Link" in type(node).__name__
    ] == ["LinkNode", "LinkNode", "URLNode"]
    assert ours.render(Context()).startswith("/privacy/|")


@override_settings(FORCE_SCRIPT_NAME="/coproduce/")
def test_changing_the_url_settings_forgets_what_was_kept():
    from django.urls import set_script_prefix

    links.link("core:privacy")
    set_script_prefix("/coproduce/")
    try:
        assert links.link("core:privacy") == "/coproduce/privacy/"
    finally:
        set_script_prefix("/")


def test_an_address_with_ids_is_the_one_reverse_gives():
    for name, args in [
        ("projects_manage:project", (7,)),
        ("projects_manage:project", (123456,)),
        ("payments_manage:claim", (0,)),
        ("meetings_manage:overview", (42,)),
    ]:
        assert links.link(name, None, args) == reverse(name, args=args)


def test_text_arguments_and_refused_ids_go_to_reverse():
    from django.urls import NoReverseMatch

    assert links.link("handbook:page", None, ("a-page",)) == reverse("handbook:page", args=["a-page"])
    try:
        links.link("projects_manage:project", None, (-1,))
    except NoReverseMatch:
        pass
    else:
        raise AssertionError("a negative id has no address")
