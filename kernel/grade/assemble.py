"""What the grader runs, and how it reads the verdicts back.

assemble() builds the notebook that is executed for a submission: the
teacher's master (the blank exercise notebook) with the student's answer
cells put in. Every cell the master marks as the teacher's (metadata
"sgdminima": {"role": "setup" | "check"}) comes from the master, whatever
the student did to it: edited, moved, deleted or copied. The student's cells
are the master's answer cells ("role": "answer", matched by cell id, else in
order) and any cell the student added, kept after the answer cell it
followed. Each check cell becomes a sealed cell:

    import <random alias> "…/sgdtheory/exercise"
    <alias>.Seal("<nonce>", "<key>", <hidden seed>, func() { <the master's check> })

The random alias cannot be shadowed by a student's names; the key never
reaches the student's files or the grader's output (redact() removes it);
the hidden seed makes function answers be tested at inputs the student never
saw. verdicts() accepts only the execute_result of a sealed cell, with its
nonce and an HMAC-SHA256 under the key (sgdtheory/exercise.Seal defines the
payload): stream text, display data and other cells' results never count.
"""

import hashlib
import hmac
import json
import re
import secrets

EXERCISE_PKG = "github.com/sgdminima/sgdminima/sgdtheory/exercise"
SEAL_MIME = "application/vnd.sgdminima.verdicts+json"


def role(cell):
    return (cell.get("metadata") or {}).get("sgdminima", {}).get("role")


def source(cell):
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else str(s)


class Assembled:
    """The notebook to execute and what the grader needs to read it."""

    def __init__(self, nb, key, seals, student_code):
        self.nb = nb
        self.key = key
        self.seals = seals  # nonce -> (cell index, [check ids])
        self.student_code = student_code  # the code of the student's own cells


def assemble(master, submission, key=None, hidden_seed=None):
    """Builds the graded notebook from the master and a submission (both
    notebook dicts)."""
    key = key or secrets.token_hex(32)
    hidden_seed = hidden_seed or (secrets.randbits(63) | 1)
    master_cells = master.get("cells", [])
    answer_ids = [c.get("id") for c in master_cells if c.get("cell_type") == "code" and role(c) == "answer"]
    teacher_ids = {c.get("id") for c in master_cells
                   if c.get("cell_type") == "code" and role(c) in ("setup", "check")}

    # The student's code cells: answers (by id, then in order) and additions.
    answers = {}  # master answer id -> student cell
    extras = {}  # master answer id (or None: before the first) -> added cells
    anchor = None
    unmatched = []
    for cell in submission.get("cells", []):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        cid, r = cell.get("id"), role(cell)
        if r in ("setup", "check") or (cid in teacher_ids and r != "answer"):
            continue  # the teacher's cell: the master's copy runs instead
        if cid in answer_ids and cid not in answers:
            answers[cid] = cell
            anchor = cid
        elif r == "answer":
            unmatched.append(cell)
            anchor = ("unmatched", len(unmatched) - 1)
        else:
            extras.setdefault(anchor, []).append(cell)
    # Answer cells whose ids changed (a solution, a copied notebook) fill the
    # remaining answer slots in order.
    free = [a for a in answer_ids if a not in answers]
    for slot, cell in zip(free, unmatched):
        answers[slot] = cell
    for i, cell in enumerate(unmatched):
        if ("unmatched", i) in extras:
            target = free[i] if i < len(free) else (answer_ids[-1] if answer_ids else None)
            extras.setdefault(target, []).extend(extras.pop(("unmatched", i)))
    for i in range(len(free), len(unmatched)):  # more answer cells than slots
        target = answer_ids[-1] if answer_ids else None
        extras.setdefault(target, []).append(unmatched[i])

    cells, seals, student = [], {}, []

    def add_student(cell):
        cells.append(code_cell(source(cell), {"sgdminima": {"role": "student"}}))
        student.append(source(cell))

    first_answer = True
    for m in master_cells:
        r = role(m) if m.get("cell_type") == "code" else None
        if r == "answer":
            if first_answer:
                for cell in extras.get(None, []):
                    add_student(cell)
                first_answer = False
            add_student(answers.get(m.get("id"), m))
            for cell in extras.get(m.get("id"), []):
                add_student(cell)
        elif r == "check":
            nonce = secrets.token_hex(16)
            ids = (m.get("metadata") or {}).get("sgdminima", {}).get("checks", [])
            seals[nonce] = (len(cells), list(ids))
            cells.append(code_cell(sealed(source(m), nonce, key, hidden_seed),
                                   {"sgdminima": {"role": "sealed", "nonce": nonce}}))
        elif m.get("cell_type") == "code":
            cells.append(code_cell(source(m), {"sgdminima": {"role": r or "setup"}}))
        else:
            cells.append({"cell_type": m.get("cell_type", "markdown"), "metadata": {},
                          "source": source(m)})
    if first_answer:  # a master without answer cells: additions go last
        for cell in extras.get(None, []):
            add_student(cell)
    nb = {"cells": cells, "metadata": master.get("metadata", {}),
          "nbformat": 4, "nbformat_minor": 4}
    return Assembled(nb, key, seals, student)


def code_cell(src, metadata):
    return {"cell_type": "code", "execution_count": None, "metadata": metadata,
            "outputs": [], "source": src}


def sealed(check, nonce, key, hidden_seed):
    alias = "sgdgrade_" + secrets.token_hex(6)
    body = re.sub(r"\bexercise\.", alias + ".", check.strip())
    return (f'import {alias} "{EXERCISE_PKG}"\n'
            f'{alias}.Seal("{nonce}", "{key}", {hidden_seed}, func() {{\n{body}\n}})')


def redact(nb, key):
    """The notebook with the key removed from every cell's source."""
    for cell in nb.get("cells", []):
        if key in source(cell):
            cell["source"] = source(cell).replace(key, "<key>")
    return nb


def payload(nonce, verdicts):
    """The bytes exercise.Seal authenticates."""
    text = nonce + "\n" + "".join(f"{v['id']}\t{v['result']}\t{v['message']}\n" for v in verdicts)
    return text.encode()


def verdicts(executed, assembled):
    """Reads the sealed verdicts of an executed notebook: ({id: (result,
    message)}, {nonce: problem}) where problem says why a sealed cell gave
    no valid verdict (it failed, its checks panicked, or its result did not
    verify)."""
    found, problems = {}, {}
    cells = (executed or {}).get("cells", [])
    for nonce, (index, ids) in assembled.seals.items():
        cell = cells[index] if index < len(cells) else {}
        if (cell.get("metadata") or {}).get("sgdminima", {}).get("nonce") != nonce:
            problems[nonce] = "the grader's check cell is missing from the executed notebook"
            continue
        sealed_out, error = None, None
        for out in cell.get("outputs", []):
            if out.get("output_type") == "execute_result" and SEAL_MIME in (out.get("data") or {}):
                sealed_out = out["data"][SEAL_MIME]
            elif out.get("output_type") == "error" and error is None:
                error = f"{out.get('ename', '')}: {out.get('evalue', '')}".strip(": ")
        if sealed_out is None:
            problems[nonce] = error or "the check did not run"
            continue
        if isinstance(sealed_out, str):
            try:
                sealed_out = json.loads(sealed_out)
            except ValueError:
                problems[nonce] = "the check's result is not readable"
                continue
        vs = sealed_out.get("verdicts") or []
        ok = (sealed_out.get("nonce") == nonce and isinstance(vs, list)
              and all(isinstance(v, dict) and {"id", "result", "message"} <= set(v) for v in vs))
        if ok:
            want = hmac.new(assembled.key.encode(), payload(nonce, vs), hashlib.sha256).hexdigest()
            ok = hmac.compare_digest(want, str(sealed_out.get("mac", "")))
        if not ok:
            problems[nonce] = "the check's result did not verify (it was altered)"
            continue
        for v in vs:
            if v["id"] == "-":  # the checks panicked before a verdict
                problems[nonce] = v["message"]
            else:
                found[v["id"]] = (v["result"], v["message"])
    return found, problems


GO_COMMENT_OR_STRING = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|`[^`]*`|\'(?:\\.|[^\'\\\n])*\'', re.S)


def library_calls(student_code, forbidden):
    """The forbidden library calls ("pkg.Func") the student's code makes,
    whatever the package is imported as; comments and strings do not count."""
    code = GO_COMMENT_OR_STRING.sub(" ", "\n".join(student_code))
    return [call for call in forbidden if re.search(r"\b" + re.escape(call.split(".")[-1]) + r"\b", code)]
