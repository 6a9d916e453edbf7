DATE_FORMAT = "j E Y"  # genitive month, lower case: 4 июля 2024
DATETIME_FORMAT = "j E Y H:i"
