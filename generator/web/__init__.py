"""gigen serve: the county office's web page, where each unit sends its workbook and gets its report back."""
