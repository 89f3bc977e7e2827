"""`make audit`: known vulnerabilities in the locked dependencies, against the reviewed exceptions.

Runs ``pip-audit`` on requirements.lock (from its own virtual environment, .venv-audit: it is not
a dependency of the product and its own pins must not fight Rasa's) and ``npm audit`` on the
widget's web/package-lock.json, then compares every finding with security/audit-exceptions.yml:

- a finding that the file does not list fails the check (fix it by a pin, or list it with why it
  does not reach this product, or why we cannot upgrade, and a review date);
- a listed exception whose review date has passed fails too: someone must look again;
- a listed exception that no longer matches any finding only warns (remove it);
- an audit that could not consult its vulnerability database (no network, a mirror without the
  advisory service, packages pip-audit could not look up) is not a pass: exit code 2, unless
  ``--allow-unavailable`` (or ``AUDIT_ALLOW_UNAVAILABLE=1``) turns it into a loud warning.

Exit codes: 0 clean, 1 an unlisted finding or an overdue exception, 2 an audit could not run.

    .venv/bin/python -m tools.audit --pip-audit .venv-audit/bin/pip-audit
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXCEPTIONS = ROOT / "security" / "audit-exceptions.yml"
ECOSYSTEMS = ("python", "npm")


class AuditError(ValueError):
    """The exceptions file or an audit's output cannot be read; the message is French."""


@dataclass(frozen=True)
class Finding:
    ecosystem: str  # "python" or "npm"
    package: str
    version: str  # the locked version (python) or the affected range (npm)
    id: str
    aliases: Tuple[str, ...] = ()
    summary: str = ""
    fix: str = ""

    def ids(self) -> Tuple[str, ...]:
        return (self.id, *self.aliases)


@dataclass(frozen=True)
class Waiver:
    """One reviewed finding of security/audit-exceptions.yml."""

    ecosystem: str
    id: str
    package: str
    reason: str
    review: dt.date


@dataclass
class Comparison:
    unlisted: List[Finding] = field(default_factory=list)
    waived: List[Tuple[Finding, Waiver]] = field(default_factory=list)
    overdue: List[Waiver] = field(default_factory=list)
    stale: List[Waiver] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.unlisted or self.overdue)


def normalize(name: str) -> str:
    """PyPI's name normalization (PEP 503); npm names are compared as they are, lower-cased."""
    return re.sub(r"[-_.]+", "-", name).lower()


# ---- reading the tools' JSON ------------------------------------------------------------------


def pip_audit_findings(report: Any) -> Tuple[List[Finding], Dict[str, str]]:
    """The findings of ``pip-audit --format json`` and the packages it could not audit (name:
    reason)."""
    if not isinstance(report, dict) or not isinstance(report.get("dependencies"), list):
        raise AuditError("La sortie de pip-audit n'a pas la forme attendue (« dependencies »).")
    findings: List[Finding] = []
    skipped: Dict[str, str] = {}
    for dependency in report["dependencies"]:
        name = normalize(str(dependency.get("name", "")))
        if "skip_reason" in dependency:
            skipped[name] = str(dependency["skip_reason"])
            continue
        for vuln in dependency.get("vulns") or []:
            findings.append(
                Finding(
                    ecosystem="python",
                    package=name,
                    version=str(dependency.get("version", "")),
                    id=str(vuln["id"]),
                    aliases=tuple(str(alias) for alias in vuln.get("aliases") or ()),
                    summary=" ".join(str(vuln.get("description") or "").split())[:200],
                    fix=", ".join(vuln.get("fix_versions") or ()),
                )
            )
    return findings, skipped


def npm_audit_findings(report: Any) -> List[Finding]:
    """The advisories of ``npm audit --json`` (npm 7 and later), one finding per advisory and
    vulnerable package; the packages only affected through another one are not repeated."""
    if not isinstance(report, dict):
        raise AuditError("La sortie de npm audit n'est pas un objet JSON.")
    if "error" in report or "vulnerabilities" not in report:
        error = report.get("error") or {}
        detail = report.get("message") or (error.get("summary") if isinstance(error, dict) else "") or ""
        raise AuditError(
            f"npm audit n'a pas pu consulter la base des vulnérabilités ({detail}).".replace(" ()", "")
        )
    findings: Dict[Tuple[str, str], Finding] = {}
    for entry in report["vulnerabilities"].values():
        for via in entry.get("via") or []:
            if not isinstance(via, dict):  # the name of another vulnerable package
                continue
            url = str(via.get("url") or "")
            ghsa = url.rsplit("/", 1)[-1] if "/advisories/GHSA-" in url else ""
            advisory = ghsa or f"npm-{via.get('source')}"
            package = str(via.get("name") or entry.get("name"))
            findings[(advisory, package)] = Finding(
                ecosystem="npm",
                package=package,
                version=str(via.get("range") or entry.get("range") or ""),
                id=advisory,
                aliases=(f"npm-{via.get('source')}",) if ghsa and via.get("source") else (),
                summary=str(via.get("title") or ""),
                fix=_npm_fix(entry.get("fixAvailable")),
            )
    return list(findings.values())


def _npm_fix(fix: Any) -> str:
    if isinstance(fix, dict):
        major = " (version majeure)" if fix.get("isSemVerMajor") else ""
        return f"{fix.get('name')} {fix.get('version')}{major}"
    return "npm audit fix" if fix is True else ""


# ---- the exceptions file ----------------------------------------------------------------------


def load_exceptions(path: Path) -> Tuple[List[Waiver], Dict[str, str]]:
    """The reviewed findings, and the packages no advisory database covers (name: reason)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise AuditError(f"{path.name} est illisible ({type(error).__name__}).") from error
    if not isinstance(data, dict):
        raise AuditError(f"{path.name} doit être un dictionnaire (python, npm, not_audited).")
    waivers: List[Waiver] = []
    for ecosystem in ECOSYSTEMS:
        for number, item in enumerate(data.get(ecosystem) or [], start=1):
            where = f"{path.name}, {ecosystem} n° {number}"
            if not isinstance(item, dict):
                raise AuditError(f"{where} : une exception est un dictionnaire.")
            missing = [key for key in ("id", "package", "reason", "review") if not item.get(key)]
            if missing:
                raise AuditError(f"{where} : il manque {', '.join(missing)}.")
            review = item["review"]
            if not isinstance(review, dt.date):
                try:
                    review = dt.date.fromisoformat(str(review))
                except ValueError as error:
                    raise AuditError(f"{where} : « review » doit être une date AAAA-MM-JJ.") from error
            package = str(item["package"])
            waivers.append(
                Waiver(
                    ecosystem=ecosystem,
                    id=str(item["id"]),
                    package=normalize(package) if ecosystem == "python" else package.lower(),
                    reason=" ".join(str(item["reason"]).split()),
                    review=review,
                )
            )
    not_audited: Dict[str, str] = {}
    for item in data.get("not_audited") or []:
        if not isinstance(item, dict) or not item.get("package") or not item.get("reason"):
            raise AuditError(f"{path.name}, not_audited : chaque entrée a un « package » et une « reason ».")
        not_audited[normalize(str(item["package"]))] = str(item["reason"])
    return waivers, not_audited


def compare(findings: Sequence[Finding], waivers: Sequence[Waiver], today: dt.date) -> Comparison:
    """Which findings are listed, which are not, and which exceptions are overdue or stale."""
    result = Comparison()
    used = set()
    for finding in findings:
        package = finding.package.lower()
        match = next(
            (
                waiver
                for waiver in waivers
                if waiver.ecosystem == finding.ecosystem
                and waiver.package == package
                and waiver.id.upper() in (name.upper() for name in finding.ids())
            ),
            None,
        )
        if match is None:
            result.unlisted.append(finding)
            continue
        used.add(match)
        result.waived.append((finding, match))
        if match.review < today and match not in result.overdue:
            result.overdue.append(match)
    result.stale = [waiver for waiver in waivers if waiver not in used]
    return result


# ---- running the tools ------------------------------------------------------------------------


def run_json(command: Sequence[str], cwd: Path, timeout: float = 600) -> Any:
    """A tool's JSON on stdout (both tools exit 1 when they find something: not an error here)."""
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise AuditError(
            f"« {Path(command[0]).name} » n'a pas pu s'exécuter ({type(error).__name__})."
        ) from error
    try:
        return json.loads(done.stdout)
    except ValueError as error:
        last = (done.stderr.strip().splitlines() or ["(rien)"])[-1][:300]
        raise AuditError(
            f"« {Path(command[0]).name} » n'a pas rendu de JSON (code {done.returncode}) : {last}"
        ) from error


def pip_audit_command(pip_audit: str, lock: Path) -> List[str]:
    # --no-deps --disable-pip: the lock is the whole resolved set, nothing is installed or resolved
    return [pip_audit, "-r", str(lock), "--no-deps", "--disable-pip", "--vulnerability-service", "pypi",
            "--format", "json", "--progress-spinner", "off"]  # fmt: skip


def npm_audit_command(npm: str) -> List[str]:
    return [npm, "audit", "--json", "--package-lock-only"]


def report(comparison: Comparison, problems: List[str], allow_unavailable: bool) -> int:
    for finding, waiver in comparison.waived:
        print(
            f"  accepté  {finding.ecosystem} {finding.package} {finding.version} {finding.id}"
            f" (revue le {waiver.review})"
        )
    for waiver in comparison.stale:
        print(
            f"  attention : l'exception {waiver.id} ({waiver.package}) ne correspond plus à rien :"
            " retirez-la."
        )
    for waiver in comparison.overdue:
        print(f"  ÉCHEC : l'exception {waiver.id} ({waiver.package}) devait être revue le {waiver.review}.")
    for finding in comparison.unlisted:
        fix = f" ; corrigé dans {finding.fix}" if finding.fix else ""
        print(
            f"  ÉCHEC : {finding.ecosystem} {finding.package} {finding.version} : {finding.id}"
            f" ({', '.join(finding.aliases) or 'sans alias'}) — {finding.summary}{fix}"
        )
    for problem in problems:
        print(f"  {'attention' if allow_unavailable else 'ÉCHEC'} : {problem}")
    if comparison.failed:
        print(
            "Audit : des vulnérabilités ne sont ni corrigées ni justifiées"
            " dans security/audit-exceptions.yml."
        )
        return 1
    if problems and not allow_unavailable:
        print(
            "Audit incomplet : la base des vulnérabilités n'a pas pu être consultée"
            " (--allow-unavailable pour passer)."
        )
        return 2
    print("Audit : aucune vulnérabilité non justifiée" + (" (audit incomplet)." if problems else "."))
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description="pip-audit et npm audit, comparés aux exceptions justifiées."
    )
    parser.add_argument("--pip-audit", default=str(ROOT / ".venv-audit" / "bin" / "pip-audit"))
    parser.add_argument("--lock", type=Path, default=ROOT / "requirements.lock")
    parser.add_argument("--web", type=Path, default=ROOT / "web")
    parser.add_argument("--exceptions", type=Path, default=EXCEPTIONS)
    parser.add_argument("--allow-unavailable", action="store_true",
                        default=os.environ.get("AUDIT_ALLOW_UNAVAILABLE") == "1")  # fmt: skip
    args = parser.parse_args(argv)
    try:
        waivers, not_audited = load_exceptions(args.exceptions)
    except AuditError as error:
        print(f"Audit impossible : {error}", file=sys.stderr)
        return 2
    findings: List[Finding] = []
    problems: List[str] = []
    try:
        python, skipped = pip_audit_findings(run_json(pip_audit_command(args.pip_audit, args.lock), ROOT))
        findings += python
        unexplained = sorted(name for name in skipped if name not in not_audited)
        if unexplained:
            problems.append(
                f"pip-audit n'a pas pu auditer {len(unexplained)} paquet(s) sur PyPI"
                f" ({', '.join(unexplained[:5])}{', ...' if len(unexplained) > 5 else ''})."
            )
    except AuditError as error:
        problems.append(str(error))
    try:
        npm = shutil.which("npm") or "npm"
        findings += npm_audit_findings(run_json(npm_audit_command(npm), args.web))
    except AuditError as error:
        problems.append(str(error))
    return report(compare(findings, waivers, dt.date.today()), problems, args.allow_unavailable)


if __name__ == "__main__":
    sys.exit(main())
