"""gigen: the township 政府信息公开工作年度报告, from a standardized workbook to the official Word report."""

__version__ = "0.1.0"
