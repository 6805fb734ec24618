# Day and month take the genitive month ("9 декабря"), as the full date already does.
MONTH_DAY_FORMAT = "j E"
