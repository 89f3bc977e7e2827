"""The advisors' console: a Sanic app where advisors sign in (``console.accounts``), see the
conversations handed to a person and answer them; accounts are managed with ``python -m console``
(``console.cli``)."""
