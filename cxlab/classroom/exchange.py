"""nbgrader's exchange under ``DIR/exchange``, with the protections stock nbgrader lacks.

Measured on nbgrader 0.9's default exchange: a submission folder is mode 0777 with files 0644, so
a learner who learns a peer's folder name can read and overwrite it; ``nbgrader collect`` takes a
folder named for a peer but made by someone else with only a warning; released feedback is 0644,
readable by anyone who can compute or guess its name. Here::

    exchange/<course>/outbound/   0755   released assignments, readable by every learner
    exchange/<course>/inbound/    1733   anyone may add a folder; nobody may list the folder, or
                                         delete or rename a folder that is not theirs (sticky bit)
    exchange/<course>/feedback/   0711   one file per notebook, owned by its learner, mode 0600

Learners' servers submit with :class:`cxlab.classroom.learner_exchange.PrivateSubmit` (set in ``DIR/learner-config``): the
submission is 0700/0600 from its creation. :func:`collect` takes a submission only when every
file in it belongs to the account its name claims, and reports each forgery in one line naming
both accounts. :func:`return_feedback` writes each page owned by its learner, mode 0600.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from cxlab.classroom import roster as roster_file
from cxlab.classroom.state import PUBLIC_DIR_MODE, StateDir
from cxlab.errors import CxlabError
from cxlab.lang import _

INBOUND_MODE = 0o1733
FEEDBACK_DIR_MODE = 0o711
PUBLIC_FILE_MODE = 0o644
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
#: nbgrader's ExchangeFactory setting -> the class in cxlab.classroom.learner_exchange learners use.
LEARNER_EXCHANGE = {"list": "ClassList", "fetch_assignment": "ClassFetchAssignment",
                    "fetch_feedback": "ClassFetchFeedback", "submit": "PrivateSubmit"}
COURSE_ID_LINE = re.compile(r"""^c\.CourseDirectory\.course_id\s*=\s*["']([^"']+)["']""", re.MULTILINE)


def course_id(state: StateDir) -> str:
    """The nbgrader course id of ``DIR/course`` (``cxlab``, or ``cxlab-zh-CN`` for the Chinese course)."""
    config = state.course / "nbgrader_config.py"
    if not config.is_file():
        raise CxlabError(f"{state.root}: no course here (no course/nbgrader_config.py); run `cxlab classroom up` first")
    ids = COURSE_ID_LINE.findall(config.read_text(encoding="utf-8"))
    if not ids:
        raise CxlabError(f"{config}: sets no c.CourseDirectory.course_id")
    return ids[-1]


@dataclass(frozen=True)
class Exchange:
    root: Path
    course_id: str

    @property
    def course(self) -> Path:
        return self.root / self.course_id

    @property
    def outbound(self) -> Path:
        return self.course / "outbound"

    @property
    def inbound(self) -> Path:
        return self.course / "inbound"

    @property
    def feedback(self) -> Path:
        return self.course / "feedback"


def exchange_of(state: StateDir) -> Exchange:
    return Exchange(state.exchange, course_id(state))


def prepare(state: StateDir) -> Exchange:
    """Create the exchange with the modes above (set again on every start) and the learners' nbgrader config."""
    exchange = exchange_of(state)
    for folder, mode in ((exchange.root, PUBLIC_DIR_MODE), (exchange.course, PUBLIC_DIR_MODE),
                         (exchange.outbound, PUBLIC_DIR_MODE), (exchange.inbound, INBOUND_MODE),
                         (exchange.feedback, FEEDBACK_DIR_MODE)):
        folder.mkdir(exist_ok=True)
        os.chown(folder, 0, 0)
        os.chmod(folder, mode)
    write_learner_config(state, exchange)
    return exchange


def write_learner_config(state: StateDir, exchange: Exchange) -> None:
    """What learners' servers read from ``JUPYTER_CONFIG_PATH``: the exchange and its hardened classes."""
    folder = state.learner_config
    nbgrader = (
        "# Written by `cxlab classroom up`: learners' servers use the class's exchange.\n"
        f"c.CourseDirectory.course_id = {exchange.course_id!r}\n"
        f"c.Exchange.root = {str(exchange.root)!r}\n"
        + "".join(f'c.ExchangeFactory.{kind} = "cxlab.classroom.learner_exchange.{name}"\n'
                  for kind, name in LEARNER_EXCHANGE.items())
    )
    # Only nbgrader's settings: a jupyter_server_config here would replace, not extend, the install's
    # list of server extensions (JupyterLab's own among them).
    path = folder / "nbgrader_config.py"
    path.write_text(nbgrader, encoding="utf-8")
    os.chmod(path, PUBLIC_FILE_MODE)


# --------------------------------------------------------------------------- release


def release(state: StateDir, assignment: str) -> Path:
    """Generate the student version in ``DIR/course`` and publish it to the exchange's outbound."""
    from cxlab.build import generate_assignment, resolve_assignments

    resolve_assignments(state.course, [assignment])
    exchange = prepare(state)
    generate_assignment(state.course, assignment)
    source = state.course / "release" / assignment
    staging = Path(tempfile.mkdtemp(dir=exchange.outbound, prefix=f".{assignment}-"))
    try:
        shutil.copytree(source, staging / assignment)
        _publish_modes(staging / assignment)
        destination = exchange.outbound / assignment
        if destination.exists():
            shutil.rmtree(destination)
        os.replace(staging / assignment, destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return destination


def _publish_modes(folder: Path) -> None:
    os.chmod(folder, PUBLIC_DIR_MODE)
    for parent, folders, files in os.walk(folder):
        for name in folders:
            os.chmod(os.path.join(parent, name), PUBLIC_DIR_MODE)
        for name in files:
            os.chmod(os.path.join(parent, name), PUBLIC_FILE_MODE)


# --------------------------------------------------------------------------- collect


@dataclass
class CollectReport:
    assignment: str
    collected: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """What was collected and what was refused (each refusal's reason as the exchange gives it)."""
        collected = (_("Collected {count} submission(s) of {assignment}: {learners}.") if self.collected
                     else _("Collected {count} submission(s) of {assignment}."))
        lines = [collected.format(count=len(self.collected), assignment=self.assignment,
                                  learners=_(", ").join(self.collected))]
        lines += [_("refused: {reason}").format(reason=line) for line in self.refused]
        return "\n".join(lines)


def _owners(folder: Path) -> tuple[set[str], bool]:
    """The accounts owning ``folder`` and everything in it; and whether it holds a symbolic link."""
    uids, has_link = {folder.lstat().st_uid}, False
    for parent, folders, files in os.walk(folder):
        for name in folders + files:
            info = os.lstat(os.path.join(parent, name))
            uids.add(info.st_uid)
            has_link = has_link or os.path.islink(os.path.join(parent, name))
    return {_account_name(uid) for uid in uids}, has_link


def _account_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def _allowed_learners(state: StateDir) -> set[str] | None:
    return set(roster_file.read(state.roster).usernames) if state.roster.is_file() else None


def collect(state: StateDir, assignment: str) -> CollectReport:
    """Copy each learner's latest genuine submission into ``DIR/course/submitted/<learner>/<assignment>/``.

    A submission is genuine when its folder and every file in it belong to the account its name
    claims (and that account is in the roster); anything else is refused and reported.
    """
    from nbgrader.utils import parse_utc

    exchange = exchange_of(state)
    if not exchange.inbound.is_dir():
        raise CxlabError(f"{exchange.inbound}: no exchange here; run `cxlab classroom up` first")
    allowed = _allowed_learners(state)
    report = CollectReport(assignment)
    latest: dict[str, tuple[object, Path]] = {}
    for entry in sorted(exchange.inbound.glob(f"*+{assignment}+*")):
        parts = entry.name.split("+")
        claimed = parts[0]
        if len(parts) not in (3, 4) or parts[1] != assignment or entry.is_symlink() or not entry.is_dir():
            report.refused.append(f"{entry.name}: not a submission folder nbgrader makes")
            continue
        owners, has_link = _owners(entry)
        if owners != {claimed} or has_link:
            makers = ", ".join(sorted(owners - {claimed}) or owners)
            report.refused.append(f"a submission of {assignment} named for {claimed} was made by {makers} "
                                  f"({entry.name})" + ("; it holds a symbolic link" if has_link else ""))
            continue
        if allowed is not None and claimed not in allowed:
            report.refused.append(f"{entry.name}: {claimed} is not in the class roster")
            continue
        try:
            stamp = parse_utc(parts[2])
        except Exception:  # nbgrader raises several types for a bad timestamp
            report.refused.append(f"{entry.name}: its timestamp {parts[2]!r} is not a time")
            continue
        if claimed not in latest or stamp > latest[claimed][0]:
            latest[claimed] = (stamp, entry)
    for learner, (_stamp, entry) in sorted(latest.items()):
        destination = state.course / "submitted" / learner / assignment
        if destination.exists():
            shutil.rmtree(destination)
        # symlinks=True: a link cannot point the copy at root's files (links are refused above anyway).
        shutil.copytree(entry, destination, symlinks=True)
        report.collected.append(learner)
    return report


# --------------------------------------------------------------------------- return


def return_feedback(state: StateDir, assignment: str) -> list[str]:
    """Put each learner's feedback pages in the exchange, owned by that learner alone (mode 0600).

    The file name is nbgrader's: a hash of the submission's secret and the notebook's name, which
    the learner's Fetch Feedback computes from its own copy of the submission.
    """
    from nbgrader.utils import notebook_hash

    exchange = exchange_of(state)
    prepare(state)
    pages = sorted((state.course / "feedback").glob(f"*/{assignment}/*.html"))
    if not pages:
        raise CxlabError(f"no feedback for {assignment} in {state.course / 'feedback'}; "
                         f"run `cxlab grade` and `cxlab feedback` with --course-dir {state.course} first")
    returned: set[str] = set()
    for page in pages:
        learner = page.parent.parent.name
        secret_file = state.course / "submitted" / learner / assignment / "submission_secret.txt"
        if not secret_file.is_file():
            continue  # not handed in through the exchange: nothing to fetch it with
        account = pwd.getpwnam(learner)
        name = notebook_hash(secret=secret_file.read_text(), notebook_id=page.stem) + ".html"
        _write_private(page.read_bytes(), exchange.feedback / name, account.pw_uid, account.pw_gid)
        returned.add(learner)
    return sorted(returned)


def _write_private(data: bytes, destination: Path, uid: int, gid: int) -> None:
    """Write ``destination`` owned by ``uid``, mode 0600 before any byte is in it; replace it in one step."""
    descriptor, temporary = tempfile.mkstemp(dir=destination.parent, prefix=".return-")
    try:
        os.fchown(descriptor, uid, gid)
        os.fchmod(descriptor, PRIVATE_FILE_MODE)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
