"""Documents from problems: one walk (:mod:`.document`) over a Problem or a sheet, one writer
per format (:mod:`.writers`), one registry of formats (:mod:`.formats`). Nothing here computes
an answer: values are only turned into text."""
