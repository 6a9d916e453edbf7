"""Date formats per UI language (FORMAT_MODULE_PATH): templates name DATE_FORMAT or DATETIME_FORMAT,
never a pattern, so Chinese reads 2024年7月4日 and Russian 4 июля 2024."""
