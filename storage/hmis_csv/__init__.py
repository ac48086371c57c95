"""HUD HMIS CSV ``Client.csv`` parsing (work in progress: being split into modules)."""

from storage.hmis_csv.reader import (
    REQUIRED_COLUMNS,
    ROW,
    ClientCsvReader,
    ClientRecord,
    CsvFileError,
    Layout,
    ParsedFile,
    RowError,
    iter_client_csv,
    read_client_csv,
)

__all__ = [
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
