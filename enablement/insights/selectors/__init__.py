"""Content metrics for managers (re-exported from the package's modules)."""

from enablement.insights.selectors.assets import *  # noqa: F403
from enablement.insights.selectors.assets import _period_split  # noqa: F401
