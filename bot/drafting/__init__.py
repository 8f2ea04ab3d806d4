"""From a plan document (.txt, .md, .docx, .pdf) to a draft plan file for the board to review."""
