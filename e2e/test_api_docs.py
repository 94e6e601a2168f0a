"""The browsable API docs at /api/docs/ work under the app's own CSP."""

from playwright.sync_api import ConsoleMessage, Page, expect

from .helpers import Server


def test_the_api_docs_list_the_ticket_operations_with_no_csp_violation(
    page: Page, server: Server
) -> None:
    console: list[str] = []
    page.on("console", lambda message: _keep_errors(message, console))
    violations: list[str] = []
    page.expose_function("reportViolation", lambda text: violations.append(text))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "window.reportViolation(e.violatedDirective + ' ' + e.blockedURI))"
    )

    response = page.goto("/api/docs/")

    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    operations = page.locator(".opblock-summary-path")
    expect(operations.filter(has_text="/api/tickets/{id}/status/")).to_have_count(1)
    expect(operations.filter(has_text="/api/tickets/")).not_to_have_count(0)
    expect(page.locator(".opblock-summary-method").first).to_be_visible()
    assert violations == []
    assert [line for line in console if "Content Security Policy" in line] == []


def _keep_errors(message: ConsoleMessage, into: list[str]) -> None:
    if message.type == "error":
        into.append(message.text)
