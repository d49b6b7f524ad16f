"""The test stack's airflow-init: Airflow CLI commands one after another in one process, each
run as the `airflow` executable runs it (its `main`: Airflow's parser reads the arguments and
calls the command), as the Compose stack's airflow-init runs them one after another in a shell.

    python airflow_init.py -- db migrate -- pools set NAME SLOTS DESCRIPTION

One process instead of one per command: each `airflow` process pays Airflow's import and
configuration (about 3 s of CPU) before its command. A command that fails ends the run with its
status, and the commands after it do not run (the shell's `&&`).
"""

from __future__ import annotations

import sys


def commands(argv: list[str]) -> list[list[str]]:
    """`-- A B -- C D` -> [[A, B], [C, D]]."""
    found: list[list[str]] = []
    for word in argv:
        if word == "--":
            found.append([])
        elif not found:
            raise SystemExit(f"usage: {sys.argv[0]} -- COMMAND [ARGS] [-- COMMAND [ARGS] ...]")
        else:
            found[-1].append(word)
    return [command for command in found if command]


def main(argv: list[str]) -> None:
    from airflow.__main__ import main as airflow_main

    for command in commands(argv):
        print(f"$ airflow {' '.join(command)}", flush=True)
        sys.argv = ["airflow", *command]
        try:
            airflow_main()
        except SystemExit as ended:
            if ended.code not in (None, 0):
                raise
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
