"""QualCoder projects (a ``name.qda`` folder holding ``data.qda``, a SQLite file) read
into the REFI-QDA model, read-only. Headless: no mutualscope database."""

from mutualscope.io.qualcoder.database import find_data_file, is_qualcoder_project
from mutualscope.io.qualcoder.model import QualCoderProject
from mutualscope.io.qualcoder.placement import Placement
from mutualscope.io.qualcoder.reader import read_qualcoder

__all__ = [
    "Placement",
    "QualCoderProject",
    "find_data_file",
    "is_qualcoder_project",
    "read_qualcoder",
]
