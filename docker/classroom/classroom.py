#!/usr/bin/python3
"""The classroom's accounts, hand-out and collection (docker/classroom.yaml).

    sgdminima-classroom hub                 accounts from the roster, then JupyterHub (the image's command)
    sgdminima-classroom sync                re-read the roster: add new students, disable removed ones
    sgdminima-classroom release NAME...|all hand exercises out to every home now and at every later start
    sgdminima-classroom password USER       a new password for USER (in passwords.csv)
    sgdminima-classroom collect             every student's exercise notebooks, as a tar on standard output
    sgdminima-classroom handout USER        hand the released exercises out to USER (the hub does it at each start)
    sgdminima-classroom handout --self [NAME...]  the same, as the current user (Kubernetes: a postStart hook)
    sgdminima-classroom COMMAND [ARG...]    anything else runs as given (Zero to JupyterHub: jupyterhub-singleuser)

The teacher's folder (CLASSROOM_TEACHER_DIR, mounted from the host) holds
roster.csv, one student a line: username,display name. The hub writes
passwords.csv there, readable by the folder's owner alone. Everything else
(accounts with their uids and password hashes, the released exercises, the
hub's database) is kept in CLASSROOM_STATE, readable by root alone, so that
a new container of a newer image recreates the same accounts for the homes
kept in their volume. Nothing here overwrites a student's file: hand-out
runs as the student and creates only notebooks that are missing; collection
only reads.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from accounts import Accounts, record_passwords, sync  # noqa: E402
from common import HERE, PASSWORDS, ROSTER, STATE, Locked, Problem, Settings, say  # noqa: E402
from exercises import (add_released, catalog, collect, describe, handout_self, handout_to, release,  # noqa: E402
                       released, resolve)


# ---- the hub ---------------------------------------------------------------------

def hub(settings):
    if os.getuid() != 0:
        raise Problem("the hub runs as root (it checks passwords and starts each student's server as the student)")
    with Locked():
        accounts = sync(settings)
        now = add_released(resolve([settings.release]))
    say(f"released: {', '.join(now) or 'none'} (sgdminima-classroom release NAME hands out more)")
    del accounts
    os.chdir(STATE)
    config = os.path.join(HERE, "jupyterhub_config.py")
    sys.stdout.flush()
    os.execv("/usr/bin/jupyterhub", ["jupyterhub", "-f", config])


def main(argv):
    if not argv:
        argv = ["hub"]
    command, args = argv[0], argv[1:]
    commands = {"hub", "sync", "release", "password", "collect", "handout"}
    if command not in commands:
        if command in ("-h", "--help", "help"):
            print(__doc__)
            return 0
        os.execvp(command, argv)  # e.g. jupyterhub-singleuser on Kubernetes
    try:
        if command == "handout" and args[:1] == ["--self"]:
            args = args[1:]
            as_json = args[:1] == ["--json"]
            args = args[1:] if as_json else args
            home = os.path.expanduser("~")
            if args[:1] == ["--home"]:
                home, args = args[1], args[2:]
            report = handout_self(resolve(args or ["all"]), home)
            # The report says what went wrong; the exit status stays 0, so
            # that a Kubernetes postStart hook never kills the server over it.
            print(json.dumps(report) if as_json else describe(os.environ.get("USER", "you"), report))
            return 0
        if os.getuid() != 0:
            raise Problem(f"`{command}` changes accounts or reads every home: run it as root in the hub's container "
                          "(docker compose -f docker/classroom.yaml exec hub sgdminima-classroom …)")
        settings = Settings()
        if command == "hub":
            hub(settings)
        elif command == "sync":
            with Locked():
                sync(settings)
        elif command == "release":
            if not args:
                raise Problem(f"usage: release NAME...|all; the exercises are: {', '.join(catalog())}")
            release(settings, args)
        elif command == "password":
            if len(args) != 1:
                raise Problem("usage: password USER")
            with Locked():
                accounts = Accounts()
                a = accounts.data.get(args[0])
                if a is None:
                    raise Problem(f"no account {args[0]!r}: add the student to {ROSTER} and run sync")
                password = accounts.set_password(args[0])
                record_passwords([(args[0], a["display"], password)])
            say(f"new password for {args[0]} written to {PASSWORDS} in the teacher's folder")
        elif command == "collect":
            if sys.stdout.isatty():
                raise Problem("collect writes a tar to standard output: pipe it (make collect OUT=folder does)")
            collect(sys.stdout.buffer)
        elif command == "handout":
            if len(args) != 1:
                raise Problem("usage: handout USER")
            report = handout_to(args[0], released())
            say(describe(args[0], report))
            return 1 if report["problem"] else 0
    except Problem as e:
        say(str(e))
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
