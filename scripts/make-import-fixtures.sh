#!/usr/bin/env bash
# Writes the spreadsheet fixtures of the import tests with LibreOffice itself, from one source
# table: what coordinators get from Excel/LibreOffice users. Run once; the outputs are committed
# (CI does not need LibreOffice). Needs: apt-get install -y --no-install-recommends libreoffice-calc
set -euo pipefail
cd "$(dirname "$0")/../core/tests/fixtures/import"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp anmeldungen-quelle.csv "$work/anmeldungen.csv"
cd "$work"
# Source: UTF-8, comma-separated. Token 4 of the CSV filter options: 76 = UTF-8.
soffice --headless --infilter="CSV:44,34,76,1" --convert-to ods anmeldungen.csv >/dev/null
soffice --headless --infilter="CSV:44,34,76,1" --convert-to xlsx anmeldungen.csv >/dev/null
# As German Excel writes CSV: ';' (59), '"' (34), Windows-1252 (1).
mkdir excel
soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):59,34,1,1' --outdir excel anmeldungen.ods >/dev/null
# A sheet with a merged title row above the headers and formulas (their values are what counts).
cp "$OLDPWD/formeln-quelle.fods" formeln.fods
soffice --headless --convert-to xlsx formeln.fods >/dev/null
cd - >/dev/null
cp "$work/anmeldungen.ods" "$work/anmeldungen.xlsx" "$work/formeln.xlsx" .
cp "$work/excel/anmeldungen.csv" anmeldungen-excel.csv
echo "written: anmeldungen.ods anmeldungen.xlsx anmeldungen-excel.csv formeln.xlsx"
