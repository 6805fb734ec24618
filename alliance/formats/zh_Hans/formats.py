# 12月9日, without a leading zero.
MONTH_DAY_FORMAT = "n月j日"
