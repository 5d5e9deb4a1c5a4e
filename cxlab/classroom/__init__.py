"""A class on one server: JupyterHub, each learner's own JupyterLab, nbgrader's exchange, hardened.

``cxlab classroom up`` (as root, on Linux) creates the roster's accounts with private homes, writes
the hub's state (database, cookie secret, admin token: mode 0600) and runs JupyterHub in the
foreground; ``release``, ``collect`` and ``return`` move work through nbgrader's exchange with the
checks stock nbgrader lacks (a submission is collected only when its files belong to the account
it names; feedback is readable only by its learner).

Modules: :mod:`.roster` (the CSV), :mod:`.accounts` (local accounts, first passwords),
:mod:`.state` (the state folder and its secrets), :mod:`.hub` (the JupyterHub configuration),
:mod:`.exchange` (release, collect, return, and the private submit learners' servers use),
:mod:`.up` (the command that ties them together).
"""
