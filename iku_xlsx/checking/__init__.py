"""Checking: what people typed, with every problem at its cell and said in Bahasa Indonesia.

- :mod:`~iku_xlsx.checking.checks`: the checks of inputs and of formulas' cached results,
  and their messages (the reader runs them as it reads);
- :mod:`~iku_xlsx.checking.feedback`: the feedback copy, faulty cells marked, to send back.
"""
