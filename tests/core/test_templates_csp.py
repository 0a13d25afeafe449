"""No template relies on what the Content-Security-Policy refuses, so no page breaks quietly in a browser:
inline style attributes, event-handler attributes, inline <script> or <style> without the response's nonce."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "coproduce"
INLINE_STYLE = re.compile(r"""<[a-zA-Z][^>]*\sstyle\s*=\s*["']""")
EVENT_HANDLER = re.compile(r"""<[a-zA-Z][^>]*\son[a-z]+\s*=\s*["']""")
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b([^>]*)>", re.IGNORECASE)


def templates():
    """Templates a browser receives: not the PDF ones (WeasyPrint draws them on the server) nor emails."""
    skipped = {"drf_spectacular", "pdf", "emails"}
    return sorted(p for p in ROOT.rglob("templates/**/*.html") if not skipped & set(p.parts))


def problems_in(text: str) -> list[str]:
    found = [f"inline style: {m.group(0)[:60]}" for m in INLINE_STYLE.finditer(text)]
    found += [f"event handler: {m.group(0)[:60]}" for m in EVENT_HANDLER.finditer(text)]
    for match in SCRIPT_OR_STYLE.finditer(text):
        attributes = match.group(2)
        if "src=" in attributes or "nonce=" in attributes or 'type="application/' in attributes:
            continue
        found.append(f"<{match.group(1)}> without a nonce")
    return found


def test_the_checker_finds_what_the_policy_refuses():
    assert (
        problems_in('<p style="color: red">')
        and problems_in('<a onclick="go()">')
        and problems_in("<script>x</script>")
    )
    assert not problems_in('<script nonce="{{ CSP_NONCE }}">x</script><script src="/static/x.js"></script>')


def test_no_template_uses_inline_styles_handlers_or_scripts_without_a_nonce():
    problems = [
        f"{path.relative_to(ROOT)}: {problem}"
        for path in templates()
        for problem in problems_in(path.read_text())
    ]
    assert len(templates()) > 50
    assert not problems, "\n".join(problems)
