"""OR-tools' CP-SAT Python layer (``cp_model``), imported without importing pandas.

``ortools.sat.python.cp_model`` imports pandas at its top for its ``*_series`` helpers
(variables indexed by a pandas index), which the engine never calls; pandas is about a third
of a second of every ``allocator propose`` on a small day, and more than the day's solve.
While ``cp_model`` is first imported, a placeholder stands in ``sys.modules["pandas"]``: every
name read from it (``pd.Index``, ``pd.Series``, ...) is a class that nothing is an instance of,
which is what ``cp_model`` needs of pandas for annotations and ``isinstance`` checks when no
pandas object is ever passed to it. The placeholder is removed at once, so a later
``import pandas`` anywhere in the process gets the real library.

``allocator.solve.cpsat`` calls ``load_cp_model`` before any of its modules imports
``cp_model``: they then import it as usual (``from ortools.sat.python import cp_model``) and
get the module already loaded.

The contract this relies on: the engine never passes a pandas object to ``cp_model`` (its
series helpers would not recognise one). If pandas is already imported, or a later OR-tools
reads more of pandas while importing than the placeholder can give, ``cp_model`` is imported
plainly, with pandas: slower, never wrong.
"""

import importlib
import sys
import threading
from types import ModuleType

_MODULE = "ortools.sat.python.cp_model"
_LOCK = threading.Lock()


class _Placeholder(ModuleType):
    """Stands in for pandas: any attribute is an empty class, made once per name."""

    def __getattr__(self, name: str) -> type:
        if name.startswith("__"):
            raise AttributeError(name)
        made = type(name, (), {"__module__": "allocator.solve.sat_import"})
        setattr(self, name, made)
        return made


def _import_with_placeholder() -> ModuleType:
    sys.modules["pandas"] = _Placeholder("pandas")
    try:
        return importlib.import_module(_MODULE)
    except Exception:
        sys.modules.pop(_MODULE, None)
        raise
    finally:
        del sys.modules["pandas"]


def load_cp_model() -> ModuleType:
    """``ortools.sat.python.cp_model``, without pandas when pandas is not imported yet."""
    with _LOCK:
        if _MODULE in sys.modules or "pandas" in sys.modules:
            return importlib.import_module(_MODULE)
        try:
            return _import_with_placeholder()
        except Exception:  # an OR-tools that needs more of pandas at import: import it plainly
            return importlib.import_module(_MODULE)
