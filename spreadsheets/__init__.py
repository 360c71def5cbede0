"""Rows written as CSV and XLSX files: one writer for every file of rows the portal hands out."""
