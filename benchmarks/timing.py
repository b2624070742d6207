"""What the benchmark scripts share: the CPU seconds of the processes this one forked.

Kept beside the scripts, not in the package: a script is run against an older tree with
``PYTHONPATH=<tree>`` to measure it in the same minutes, and that tree's package may not have
what a newer script needs; the script's own folder is always on its path.
"""

import resource


def children_cpu_s() -> float:
    """User and system CPU seconds of every child process that has ended and been waited for
    (the forked workers of a pool, once it is shut down)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
