"""Streaming parser and validator for HUD HMIS CSV ``Client.csv`` files (FY2022, FY2024, FY2026).

This package's public face: import from ``storage.hmis_csv``, not from its modules, which
are free to change. How the work is divided:

* :mod:`~storage.hmis_csv.reader` -- paths and streams, UTF-8, CSV quoting, line numbers;
  :func:`iter_client_csv` streams, :func:`read_client_csv` reads a whole file;
* :mod:`~storage.hmis_csv.header` -- the header line: layout, column positions;
* :mod:`~storage.hmis_csv.layout` -- the FY2022, FY2024 and FY2026 columns and how to tell them apart;
* :mod:`~storage.hmis_csv.validate` -- the per-field checks of a row (strict or lenient), and the record;
* :mod:`~storage.hmis_csv.dates` -- dates written other ways than HUD's, for a lenient read;
* :mod:`~storage.hmis_csv.codes` -- the HUD code lists and the coded columns of a row;
* :mod:`~storage.hmis_csv.errors` and :mod:`~storage.hmis_csv.records` -- what comes out.

Error messages name the line, the column and the reason, never the value (see
:mod:`~storage.hmis_csv.errors` for why).
"""

from storage.hmis_csv.errors import CONFLICT, REPEAT, ROW, CsvFileError, RowError
from storage.hmis_csv.layout import REQUIRED_COLUMNS, Layout
from storage.hmis_csv.reader import ClientCsvReader, ParsedFile, iter_client_csv, read_client_csv
from storage.hmis_csv.records import ClientRecord

__all__ = [
    "CONFLICT",
    "REPEAT",
    "REQUIRED_COLUMNS",
    "ROW",
    "ClientCsvReader",
    "ClientRecord",
    "CsvFileError",
    "Layout",
    "ParsedFile",
    "RowError",
    "iter_client_csv",
    "read_client_csv",
]
